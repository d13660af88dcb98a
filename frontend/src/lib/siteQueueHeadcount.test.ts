import { describe, expect, it } from "vitest";
import type { HeadcountAnswer } from "../api/types";
import { backoffDelay, classify } from "./flushLoop";
import {
  adoptLegacyHeadcounts,
  DONE_KEPT,
  HEADCOUNT_PATH,
  headcountBody,
  headcountView,
  isoWithOffset,
  linkKey,
  parseSiteState,
  SiteQueue,
  siteQueueKey,
  type SiteQueueItem,
  type StorageLike,
} from "./siteQueue";

class MemStorage implements StorageLike {
  data = new Map<string, string>();
  getItem(k: string) {
    return this.data.has(k) ? this.data.get(k)! : null;
  }
  setItem(k: string, v: string) {
    this.data.set(k, v);
  }
  removeItem(k: string) {
    this.data.delete(k);
  }
}

/** What the server gets for a headcount item. */
interface Report {
  request_id: string;
  headcount: number;
  reported_at: string;
}
const toReport = (item: SiteQueueItem): Report => item.body as unknown as Report;

function answer(r: Report, extra: Partial<HeadcountAnswer> = {}): HeadcountAnswer {
  return { request_id: r.request_id, applied: true, stale: false, headcount: r.headcount, received_at: "2025-07-19T01:42:00Z", ...extra };
}

/** A site queue holding headcounts, the way the site page uses it: `enqueue(n)` stamps reported_at now. */
function setup(send: (r: Report) => Promise<HeadcountAnswer>, storage = new MemStorage()) {
  let n = 0;
  let clock = Date.UTC(2025, 6, 19, 1, 0, 0);
  const now = () => (clock += 1000);
  const queue = new SiteQueue({ key: "k", storage, send: (item) => send(toReport(item)), newId: () => `id-${++n}`, now });
  const q = {
    enqueue: (headcount: number) => toReport(queue.enqueue(HEADCOUNT_PATH, headcountBody(headcount, now()))),
    flush: () => queue.flush(),
    pending: () => headcountView(queue.state()).pending,
    state: () => headcountView(queue.state()),
    queue,
  };
  return { q, storage };
}
const stored = (storage: MemStorage) => headcountView(parseSiteState(storage.getItem("k")));

const fail = (status: number, message = "x") => Promise.reject(Object.assign(new Error(message), { status }));

describe("the headcount in the site queue", () => {
  it("persists a report before anything is sent", () => {
    const calls: Report[] = [];
    const { q, storage } = setup(async (r) => {
      calls.push(r);
      return answer(r);
    });
    const r = q.enqueue(25);
    expect(calls).toEqual([]);
    expect(stored(storage).pending).toHaveLength(1);
    expect(stored(storage).pending[0]).toMatchObject({ request_id: "id-1", headcount: 25, reported_at: r.reported_at });
    expect(r.reported_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/);
  });

  it("sends in order and removes only after a 2xx", async () => {
    const calls: number[] = [];
    const { q, storage } = setup(async (r) => {
      calls.push(r.headcount);
      // while sending the first one, it is still stored
      if (r.headcount === 10) expect(stored(storage).pending.map((x) => x.headcount)).toEqual([10, 20, 30]);
      return answer(r);
    });
    q.enqueue(10);
    q.enqueue(20);
    q.enqueue(30);
    const res = await q.flush();
    expect(calls).toEqual([10, 20, 30]);
    expect(res).toEqual({ sent: 3, dropped: [], stopped: null });
    expect(q.pending()).toEqual([]);
    expect(q.state().confirmed).toMatchObject({ headcount: 30, reported: 30, request_id: "id-3", stale: false });
  });

  it("keeps reports on network failure, stops, and delivers them later in order", async () => {
    let online = false;
    const calls: string[] = [];
    const { q } = setup(async (r) => {
      calls.push(r.request_id);
      if (!online) return fail(0);
      return answer(r);
    });
    q.enqueue(5);
    q.enqueue(6);
    const res = await q.flush();
    expect(res.stopped?.outcome).toBe("retry");
    expect(res.sent).toBe(0);
    expect(q.pending().map((r) => r.headcount)).toEqual([5, 6]);
    expect(calls).toEqual(["id-1"]); // stopped at the head, did not skip ahead
    online = true;
    const res2 = await q.flush();
    expect(res2.sent).toBe(2);
    expect(calls).toEqual(["id-1", "id-1", "id-2"]); // same request_id on retry
    expect(q.pending()).toEqual([]);
  });

  it("5xx and 429 are retried, not dropped", async () => {
    for (const status of [500, 502, 503, 429, 408]) {
      const { q } = setup(() => fail(status));
      q.enqueue(1);
      const res = await q.flush();
      expect(res.stopped?.outcome).toBe("retry");
      expect(q.pending()).toHaveLength(1);
    }
  });

  it("survives a reload: a new queue on the same storage sends what is left", async () => {
    const storage = new MemStorage();
    const first = setup(() => fail(0), storage).q;
    first.enqueue(7);
    first.enqueue(8);
    await first.flush();
    const sent: Report[] = [];
    const second = setup(async (r) => {
      sent.push(r);
      return answer(r);
    }, storage).q;
    expect(second.pending().map((r) => r.headcount)).toEqual([7, 8]);
    await second.flush();
    expect(sent.map((r) => [r.request_id, r.headcount])).toEqual([
      ["id-1", 7],
      ["id-2", 8],
    ]);
    expect(storage.getItem("k")).not.toBeNull(); // last confirmed value is kept
    expect(second.state()).toMatchObject({ pending: [], confirmed: { headcount: 8 } });
  });

  it("drops a report after a final 409/422 and reports the error, then goes on", async () => {
    const { q } = setup(async (r) => {
      if (r.headcount === 1) return fail(409, "Hội nghị đã kết thúc");
      if (r.headcount === 2) return fail(422, "bad");
      return answer(r);
    });
    q.enqueue(1);
    q.enqueue(2);
    q.enqueue(3);
    const res = await q.flush();
    expect(res.sent).toBe(1);
    expect(res.dropped.map((d) => [d.item.body.headcount, d.error.status, d.error.message])).toEqual([
      [1, 409, "Hội nghị đã kết thúc"],
      [2, 422, "bad"],
    ]);
    expect(q.pending()).toEqual([]);
    expect(q.state().confirmed?.headcount).toBe(3);
  });

  it("401 stops the queue and keeps the reports", async () => {
    const { q } = setup(() => fail(401));
    q.enqueue(4);
    q.enqueue(5);
    const res = await q.flush();
    expect(res.stopped?.outcome).toBe("unauthorized");
    expect(q.pending()).toHaveLength(2);
  });

  it("dedupes by request_id (stored duplicates and concurrent flushes)", async () => {
    const storage = new MemStorage();
    const dup = { request_id: "same", headcount: 3, reported_at: "2025-07-19T08:00:00.000+07:00", queued_at: 1 };
    const item = { request_id: "same", path: HEADCOUNT_PATH, body: { headcount: 3, reported_at: dup.reported_at }, queued_at: dup.queued_at };
    storage.setItem("k", JSON.stringify({ pending: [item, { ...item, body: { headcount: 4 } }, { bogus: true }], done: [] }));
    const calls: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { q } = setup(async (r) => {
      calls.push(r.request_id);
      await gate;
      return answer(r);
    }, storage);
    expect(q.pending()).toHaveLength(1);
    const a = q.flush();
    const b = q.flush(); // shares the running flush, no second request for the same report
    release();
    await Promise.all([a, b]);
    expect(calls).toEqual(["same"]);
    expect(q.pending()).toEqual([]);
  });

  it("a report enqueued during a flush is sent by the same flush", async () => {
    const calls: number[] = [];
    let q!: ReturnType<typeof setup>["q"];
    ({ q } = setup(async (r) => {
      calls.push(r.headcount);
      if (r.headcount === 1) q.enqueue(2);
      return answer(r);
    }));
    q.enqueue(1);
    await q.flush();
    expect(calls).toEqual([1, 2]);
  });

  it("a stale answer is confirmed with the server's current value", async () => {
    const { q } = setup(async (r) => answer(r, { applied: false, stale: true, headcount: 40 }));
    q.enqueue(12);
    await q.flush();
    expect(q.state().confirmed).toMatchObject({ headcount: 40, reported: 12, stale: true });
  });

  it("works without storage (memory only) and after a storage failure", async () => {
    const broken: StorageLike = {
      getItem: () => null,
      setItem: () => {
        throw new Error("quota");
      },
      removeItem: () => undefined,
    };
    const { q } = setup(() => fail(0), broken as MemStorage);
    q.enqueue(9);
    expect(q.pending().map((r) => r.headcount)).toEqual([9]);
  });

  it("refuses invalid headcounts", () => {
    const { q } = setup(async (r) => answer(r));
    expect(() => q.enqueue(-1)).toThrow();
    expect(() => q.enqueue(1.5)).toThrow();
    expect(q.pending()).toEqual([]);
  });

  it("keeps the last confirmed headcount however many other items follow", async () => {
    const { q } = setup(async (r) => answer(r));
    q.enqueue(17);
    await q.flush();
    for (let i = 0; i < DONE_KEPT + 3; i++) q.queue.enqueue("/api/v1/site/incidents", { kind: "audio" });
    await q.flush();
    expect(q.queue.state().done).toHaveLength(DONE_KEPT + 1);
    expect(q.state().confirmed).toMatchObject({ headcount: 17 });
  });

  it("shows the refusals since the last send only", async () => {
    const { q } = setup(() => fail(409, "Hội nghị đã kết thúc"));
    q.enqueue(1);
    await q.flush();
    const all = q.state().rejected;
    expect(all.map((r) => [r.report.headcount, r.error.message])).toEqual([[1, "Hội nghị đã kết thúc"]]);
    expect(headcountView(q.queue.state(), Date.UTC(2030, 0, 1)).rejected).toEqual([]);
  });

  it("adopts what the former headcount-only queue left on the phone, ahead of newer items", () => {
    const storage = new MemStorage();
    const legacy = linkKey("diemcau.reports", "tok");
    const left = { request_id: "old-1", headcount: 30, reported_at: "2025-07-19T08:00:00.000+07:00", queued_at: 5 };
    const confirmed = { request_id: "old-0", headcount: 28, reported: 25, received_at: "2025-07-19T00:59:00Z", stale: true };
    storage.setItem(legacy, JSON.stringify({ pending: [left, { bogus: 1 }], confirmed }));
    const newer = { request_id: "new-1", path: "/api/v1/site/incidents", body: { kind: "no_sound", request_id: "new-1" }, queued_at: 9 };
    storage.setItem(siteQueueKey("tok"), JSON.stringify({ pending: [newer], done: [] }));
    adoptLegacyHeadcounts(storage, "tok");
    const s = parseSiteState(storage.getItem(siteQueueKey("tok")));
    expect(s.pending.map((i) => [i.request_id, i.path])).toEqual([
      ["old-1", HEADCOUNT_PATH],
      ["new-1", "/api/v1/site/incidents"],
    ]);
    expect(s.pending[0].body).toEqual({ headcount: 30, reported_at: left.reported_at, request_id: "old-1" });
    expect(headcountView(s).confirmed).toEqual(confirmed);
    expect(storage.getItem(legacy)).toBeNull();
  });
});

describe("helpers", () => {
  it("classifies errors", () => {
    expect(classify(0)).toBe("retry");
    expect(classify(503)).toBe("retry");
    expect(classify(409)).toBe("final");
    expect(classify(422)).toBe("final");
    expect(classify(401)).toBe("unauthorized");
  });
  it("backs off exponentially with a cap", () => {
    expect(backoffDelay(0, () => 0.5)).toBe(1000);
    expect(backoffDelay(3, () => 0.5)).toBe(8000);
    expect(backoffDelay(20, () => 0.5)).toBe(30000);
  });
  it("storage key does not contain the token", () => {
    const k = linkKey("p", "secret-token-abc");
    expect(k).not.toContain("secret");
    expect(linkKey("p", "secret-token-abc")).toBe(k);
    expect(linkKey("p", "secret-token-abd")).not.toBe(k);
  });
  it("formats reported_at with an offset that round-trips", () => {
    const ms = Date.UTC(2025, 6, 19, 1, 42, 5, 123);
    expect(Date.parse(isoWithOffset(ms))).toBe(ms);
  });
  it("parseSiteState tolerates garbage", () => {
    expect(parseSiteState("not json")).toEqual({ pending: [], done: [] });
    expect(parseSiteState(null)).toEqual({ pending: [], done: [] });
  });
});
