import { describe, expect, it } from "vitest";
import type { LiveSiteRow, LiveSnapshot, LiveSubtreeTotals, LiveTotals } from "../api/types";
import { applyLiveMessage, applySiteMessage, initialLiveState, type LiveState } from "./liveView";

const totals: LiveTotals = {
  sites_invited: 3,
  sites_registered: 3,
  sites_waiting: 2,
  sites_ready: 1,
  sites_problem: 0,
  sites_connected: 1,
  headcount: 100,
  peak_headcount: 120,
  peak_at: null,
  expected_attendance: 1100,
};

/** A site row as the server sends it (app/attendance/wire.py LiveSiteRow). */
function row(id: number, extra: Partial<LiveSiteRow> = {}): LiveSiteRow {
  return {
    id,
    code: `S${id}`,
    name: `Điểm cầu ${id}`,
    level: "unit",
    status: "checked_in",
    headcount: 0,
    own_headcount: 0,
    peak_headcount: 0,
    is_main: false,
    parent_id: null,
    children: 0,
    sites_invited: 1,
    sites_connected: 1,
    sites_waiting: 0,
    sites_ready: 0,
    sites_problem: 0,
    ...extra,
  };
}

/** Subtree figures, as a scoped view's `attendance` messages carry them. */
const figures = (headcount: number, extra: Partial<LiveSubtreeTotals> = {}): LiveSubtreeTotals => ({
  sites_connected: 1,
  headcount,
  peak_headcount: 120,
  ...extra,
});

function snapshot(version: number, extra: Partial<LiveSnapshot> = {}): LiveSnapshot {
  return {
    version,
    seminar: { id: 1, title: "Hội thảo", status: "live" },
    scope: null,
    path: [],
    totals,
    sites: [
      row(10, { code: "HT", name: "Hội trường", headcount: 100, own_headcount: 100, is_main: true }),
      row(11, { code: "BG", name: "Bắc Giang", status: "registered", children: 2 }),
    ],
    agenda: { current: null },
    speaking: { current: null, next: [] },
    ...extra,
  };
}

function withSnapshot(v = 5): LiveState {
  return applyLiveMessage(initialLiveState(null), { type: "snapshot", data: snapshot(v) }).state;
}

describe("applyLiveMessage", () => {
  it("keeps the scope's path from its snapshot while deltas apply", () => {
    const path = [
      { id: 1, code: "QG", name: "Trung ương", level: "central" as const },
      { id: 11, code: "QG-01", name: "Đảng bộ Thành phố Hà Nội", level: "province" as const },
    ];
    const scoped = applyLiveMessage(initialLiveState(11), { type: "snapshot", data: snapshot(3, { scope: 11, path, sites: [row(20, { parent_id: 11 })] }) }).state;
    expect(scoped.path).toEqual(path);
    const next = applyLiveMessage(scoped, { type: "attendance", data: { version: 4, sites: [row(20, { parent_id: 11, headcount: 7 })] } }).state;
    expect(next.path).toEqual(path);
    expect(next.sites.get(20)?.headcount).toBe(7);
  });
  it("applies a snapshot", () => {
    const s = withSnapshot(5);
    expect(s.version).toBe(5);
    expect(s.totals?.headcount).toBe(100);
    expect([...s.sites.keys()]).toEqual([10, 11]);
    expect(s.seminar?.status).toBe("live");
    expect(s.snapshots).toBe(1);
  });

  it("keeps deltas that overtake the first snapshot and applies those above its version after it", () => {
    let s = initialLiveState(null);
    for (const version of [7, 5, 6]) {
      const r = applyLiveMessage(s, { type: "attendance", data: { version, totals: figures(version * 10), sites: [] } });
      expect(r.resync).toBe(false);
      expect(r.state.version).toBeNull();
      s = r.state;
    }
    const r = applyLiveMessage(s, { type: "snapshot", data: snapshot(5) });
    expect(r.resync).toBe(false);
    expect(r.state.version).toBe(7);
    expect(r.state.totals?.headcount).toBe(70);
    expect(r.state.early).toEqual([]);
  });

  it("applies the next delta, merging changed rows and totals", () => {
    const r = applyLiveMessage(withSnapshot(5), {
      type: "attendance",
      data: {
        version: 6,
        totals: figures(130, { sites_connected: 2 }),
        sites: [row(11, { code: "BG", name: "Bắc Giang", headcount: 30, own_headcount: 30, children: 2 })],
      },
    });
    expect(r.resync).toBe(false);
    expect(r.state.version).toBe(6);
    expect(r.state.totals).toMatchObject({ headcount: 130, sites_connected: 2, peak_headcount: 120, sites_invited: 3 });
    expect(r.state.sites.get(11)).toMatchObject({ name: "Bắc Giang", status: "checked_in", headcount: 30, children: 2 });
    expect(r.state.sites.get(10)?.headcount).toBe(100);
  });

  it("adds new rows of this scope and ignores rows of another scope", () => {
    const r = applyLiveMessage(withSnapshot(5), {
      type: "attendance",
      data: {
        version: 6,
        sites: [
          row(12, { code: "LS", name: "Lạng Sơn", headcount: 7 }),
          row(99, { code: "X", name: "Xã", headcount: 3, parent_id: 11 }),
        ],
      },
    });
    expect(r.state.sites.has(12)).toBe(true);
    expect(r.state.sites.has(99)).toBe(false);
  });

  it("ignores old and duplicate versions", () => {
    const s = withSnapshot(5);
    for (const v of [3, 5]) {
      const r = applyLiveMessage(s, { type: "attendance", data: { version: v, totals: figures(1), sites: [] } });
      expect(r.state).toBe(s);
      expect(r.resync).toBe(false);
    }
  });

  it("a gap asks for resync once and waits for the next snapshot", () => {
    const s = withSnapshot(5);
    const gap = applyLiveMessage(s, { type: "attendance", data: { version: 7, totals: figures(1), sites: [] } });
    expect(gap.resync).toBe(true);
    expect(gap.state.awaitingSnapshot).toBe(true);
    expect(gap.state.totals?.headcount).toBe(100); // not applied
    const later = applyLiveMessage(gap.state, { type: "attendance", data: { version: 8, totals: figures(2), sites: [] } });
    expect(later.resync).toBe(false);
    expect(later.state.totals?.headcount).toBe(100);
    const snap = applyLiveMessage(later.state, { type: "snapshot", data: snapshot(8, { totals: { ...totals, headcount: 150 } }) });
    expect(snap.state.awaitingSnapshot).toBe(false);
    expect(snap.state.version).toBe(8);
    expect(snap.state.totals?.headcount).toBe(150);
    const next = applyLiveMessage(snap.state, { type: "attendance", data: { version: 9, totals: figures(151), sites: [] } });
    expect(next.state.totals?.headcount).toBe(151);
  });

  it("accepts a snapshot with a lower version (server restart)", () => {
    const s = withSnapshot(500);
    const r = applyLiveMessage(s, { type: "snapshot", data: snapshot(1) });
    expect(r.state.version).toBe(1);
    expect(applyLiveMessage(r.state, { type: "attendance", data: { version: 2, totals: figures(9), sites: [] } }).state.totals?.headcount).toBe(9);
  });

  it("applies agenda and seminar messages, which also advance the version", () => {
    const s = withSnapshot(5);
    const a = applyLiveMessage(s, {
      type: "agenda",
      data: {
        version: 6,
        current: {
          id: 3,
          title: "Báo cáo đề dẫn",
          kind: "report",
          speaker_name: "Nguyễn Văn A",
          speaker_unit: "Ban Tuyên giáo",
          submission_id: null,
          started_at: "2026-07-19T01:05:00+00:00",
        },
      },
    });
    expect(a.state.current?.speaker_name).toBe("Nguyễn Văn A");
    const b = applyLiveMessage(a.state, { type: "seminar", data: { version: 7, status: "ended" } });
    expect(b.state.seminar?.status).toBe("ended");
    expect(b.state.version).toBe(7);
    const c = applyLiveMessage(b.state, { type: "agenda", data: { version: 8, current: null } });
    expect(c.state.current).toBeNull();
  });

});

describe("applySiteMessage", () => {
  it("keeps, per kind, the message with the highest version", () => {
    let s = initialLiveState(null);
    s = applySiteMessage(s, { type: "totals", data: { version: 3, totals } });
    s = applySiteMessage(s, { type: "seminar", data: { version: 3, status: "live" } });
    s = applySiteMessage(s, { type: "totals", data: { version: 5, totals: { ...totals, headcount: 150 } } });
    const older = applySiteMessage(s, { type: "totals", data: { version: 4, totals: { ...totals, headcount: 120 } } });
    expect(older).toBe(s);
    expect(s.totals?.headcount).toBe(150);
    expect(s.seminar?.status).toBe("live");
    const opening = {
      id: 9,
      title: "Khai mạc",
      kind: "opening" as const,
      speaker_name: null,
      speaker_unit: null,
      submission_id: null,
      started_at: null,
    };
    s = applySiteMessage(s, { type: "agenda", data: { version: 4, current: opening } });
    expect(s.current?.id).toBe(9);
  });
});

describe("the floor (speaking)", () => {
  const speaker = { speaker_name: "Ông A", speaker_title: "Bí thư", site_name: "Xã Tân Phú", started_at: "2026-07-19T02:00:00Z", planned_seconds: 180 };

  it("comes with the snapshot, so a display connecting late shows the current speaker", () => {
    const s = applyLiveMessage(initialLiveState(null), { type: "snapshot", data: snapshot(3, { speaking: { current: speaker, next: [] } }) }).state;
    expect(s.speaking?.current?.speaker_name).toBe("Ông A");
  });

  it("is replaced by each speaking message, numbered like the others", () => {
    const s = withSnapshot(5);
    const r = applyLiveMessage(s, { type: "speaking", data: { version: 6, current: speaker, next: [{ speaker_name: "Bà B", site_name: null }] } });
    expect(r.resync).toBe(false);
    expect(r.state.version).toBe(6);
    expect(r.state.speaking?.next.map((n) => n.speaker_name)).toEqual(["Bà B"]);
    const ended = applyLiveMessage(r.state, { type: "speaking", data: { version: 7, current: null, next: [] } });
    expect(ended.state.speaking?.current).toBeNull();
  });

  it("asks for a snapshot after a gap", () => {
    const r = applyLiveMessage(withSnapshot(5), { type: "speaking", data: { version: 8, current: speaker, next: [] } });
    expect(r.resync).toBe(true);
  });
});
