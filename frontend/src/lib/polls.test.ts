import { describe, expect, it } from "vitest";
import {
  applyPollMessage,
  deviceKey,
  levelBars,
  percentVi,
  pollBars,
  pollLink,
  pollMessageOf,
  pollTokenOf,
  pollToShow,
  savedChoice,
  saveChoice,
  SCALE_LABELS_VI,
  tallyProblem,
  toggleChoice,
  type StorageLike,
} from "./polls";

function memory(): StorageLike & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

describe("poll bars", () => {
  it("show counts the Vietnamese way and percentages of the responses with a decimal comma", () => {
    const bars = pollBars(
      [
        { id: 1, label: "Đồng ý", count: 1100 },
        { id: 2, label: "Không đồng ý", count: 153 },
        { id: 3, label: "Ý kiến khác", count: 0 },
      ],
      1253,
    );
    expect(bars.map((b) => b.countText)).toEqual(["1.100", "153", "0"]);
    // 1100/1253 = 87,79…% ; 153/1253 = 12,21…%
    expect(bars.map((b) => b.percentText)).toEqual(["87,8%", "12,2%", "0%"]);
  });

  it("scale their lengths to the leading option, so the leader fills the row", () => {
    const bars = pollBars(
      [
        { id: 1, label: "A", count: 30 },
        { id: 2, label: "B", count: 15 },
        { id: 3, label: "C", count: 0 },
      ],
      45,
    );
    expect(bars.map((b) => b.width)).toEqual([100, 50, 0]);
  });

  it("keep the server's percent text when it sent one (same rounding as the report)", () => {
    const [bar] = pollBars([{ id: 1, label: "A", count: 1, percent_vi: "0,61%" }], 164);
    expect(bar.percentText).toBe("0,61%");
  });

  it("of a multiple-choice poll are shares of the people who answered, which may add to more than 100%", () => {
    const bars = pollBars(
      [
        { id: 1, label: "A", count: 8 },
        { id: 2, label: "B", count: 6 },
      ],
      10,
    );
    expect(bars.map((b) => b.percentText)).toEqual(["80%", "60%"]);
  });

  it("of a poll nobody answered yet are empty, not NaN", () => {
    const bars = pollBars([{ id: 1, label: "A", count: 0 }], 0);
    expect(bars[0]).toMatchObject({ percentText: "0%", width: 0, share: 0 });
    expect(percentVi(0, 0)).toBe("0%");
  });

  it("of a level row follow the poll's option order, missing options counting zero", () => {
    const options = [
      { id: 5, label: "Có" },
      { id: 6, label: "Không" },
    ];
    expect(levelBars(options, [{ option_id: 6, count: 4 }])).toEqual([
      { id: 5, label: "Có", count: 0 },
      { id: 6, label: "Không", count: 4 },
    ]);
  });
});

describe("the per-site tally form", () => {
  it("bounds the sum of a single-choice or scale poll by the headcount", () => {
    expect(tallyProblem("single", ["30", "20"], 50)).toBeNull();
    expect(tallyProblem("scale", ["30", "21"], 50)).toEqual({ key: "tallyOverHeadcount", n: 50 });
  });

  it("bounds each count of a multiple-choice poll by the headcount, not their sum", () => {
    expect(tallyProblem("multiple", ["50", "50"], 50)).toBeNull();
    expect(tallyProblem("multiple", ["51", "0"], 50)).toEqual({ key: "tallyOverHeadcount", n: 50 });
  });

  it("refuses negative or fractional counts and reads an empty box as zero", () => {
    expect(tallyProblem("single", ["-1"], 50)).toEqual({ key: "tallyNotNumber" });
    expect(tallyProblem("single", ["1,5"], 50)).toEqual({ key: "tallyNotNumber" });
    expect(tallyProblem("single", ["", "3"], null)).toBeNull();
  });
});

describe("the phone's page", () => {
  it("keeps one option for single and scale polls and toggles for multiple", () => {
    expect(toggleChoice("single", [1], 2)).toEqual([2]);
    expect(toggleChoice("scale", [], 4)).toEqual([4]);
    expect(toggleChoice("multiple", [1], 2)).toEqual([1, 2]);
    expect(toggleChoice("multiple", [1, 2], 1)).toEqual([2]);
  });

  it("keeps one device key per browser, a UUID", () => {
    const storage = memory();
    const first = deviceKey(storage);
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(deviceKey(storage)).toBe(first);
    expect(deviceKey(memory())).not.toBe(first);
  });

  it("replaces a stored key that is not a UUID", () => {
    const storage = memory();
    storage.setItem("diemcau.poll-device", "garbage");
    expect(deviceKey(storage)).not.toBe("garbage");
  });

  it("remembers the device's last choice per poll", () => {
    const storage = memory();
    expect(savedChoice("tok", storage)).toEqual([]);
    saveChoice("tok", [3, 4], storage);
    expect(savedChoice("tok", storage)).toEqual([3, 4]);
    storage.setItem("diemcau.poll-choice.bad", "{");
    expect(savedChoice("bad", storage)).toEqual([]);
  });

  it("reads the token of /p/<token> and builds the link the QR encodes", () => {
    expect(pollTokenOf("/p/AbC-_9")).toBe("AbC-_9");
    expect(pollTokenOf("/p/AbC/")).toBe("AbC");
    expect(pollTokenOf("/p/")).toBeNull();
    expect(pollTokenOf("/p/a/b")).toBeNull();
    expect(pollLink("AbC-_9", "https://diemcau.vn")).toBe("https://diemcau.vn/p/AbC-_9");
  });
});

describe("live poll messages", () => {
  const poll = (id: number, responses: number) => ({ poll_id: id, responses });

  it("replace the poll's results, but an older version arriving late is ignored", () => {
    let state: ReadonlyMap<number, { version: number; poll: ReturnType<typeof poll> }> = new Map();
    state = applyPollMessage(state, { version: 2, poll: poll(1, 10) });
    const late = applyPollMessage(state, { version: 1, poll: poll(1, 5) });
    expect(late).toBe(state);
    state = applyPollMessage(state, { version: 3, poll: poll(1, 12) });
    expect(state.get(1)?.poll.responses).toBe(12);
  });

  it("are recognised by their poll id", () => {
    expect(pollMessageOf({ version: 1, poll: { poll_id: 3 } })?.poll.poll_id).toBe(3);
    expect(pollMessageOf({ version: 1 })).toBeNull();
    expect(pollMessageOf(null)).toBeNull();
  });

  it("start from five Vietnamese scale labels, worst to best", () => {
    expect(SCALE_LABELS_VI).toHaveLength(5);
    expect(SCALE_LABELS_VI[0]).toBe("Rất không hài lòng");
    expect(SCALE_LABELS_VI[4]).toBe("Rất hài lòng");
  });
});

describe("the big screen", () => {
  const p = (id: number, status: string, results = true) => ({ status, results: results ? { poll_id: id } : null });

  it("shows an open poll before any closed or published one, the latest first", () => {
    expect(pollToShow([p(1, "published"), p(2, "open"), p(3, "closed"), p(4, "open")])).toEqual(p(4, "open"));
  });

  it("shows the latest closed or published poll when none is open, and nothing without results", () => {
    expect(pollToShow([p(1, "published"), p(3, "closed")])).toEqual(p(3, "closed"));
    expect(pollToShow([p(5, "open", false)])).toBeNull();
    expect(pollToShow([])).toBeNull();
  });
});
