import { describe, expect, it } from "vitest";
import type { HeadcountAnswer, HeadcountReport } from "../api/types";
import { backoffDelay, classify, isoWithOffset, parseState, ReportQueue, storageKey, type StorageLike } from "./reportQueue";

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

function answer(r: HeadcountReport, extra: Partial<HeadcountAnswer> = {}): HeadcountAnswer {
  return { request_id: r.request_id, applied: true, stale: false, headcount: r.headcount, received_at: "2025-07-19T01:42:00Z", ...extra };
}

function setup(send: (r: HeadcountReport) => Promise<HeadcountAnswer>, storage = new MemStorage()) {
  let n = 0;
  let clock = Date.UTC(2025, 6, 19, 1, 0, 0);
  const q = new ReportQueue({ key: "k", storage, send, newId: () => `id-${++n}`, now: () => (clock += 1000) });
  return { q, storage };
}

const fail = (status: number, message = "x") => Promise.reject(Object.assign(new Error(message), { status }));

describe("ReportQueue", () => {
  it("persists a report before anything is sent", () => {
    const calls: HeadcountReport[] = [];
    const { q, storage } = setup(async (r) => {
      calls.push(r);
      return answer(r);
    });
    const r = q.enqueue(25);
    expect(calls).toEqual([]);
    const stored = parseState(storage.getItem("k"));
    expect(stored.pending).toHaveLength(1);
    expect(stored.pending[0]).toMatchObject({ request_id: "id-1", headcount: 25, reported_at: r.reported_at });
    expect(r.reported_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/);
  });

  it("sends in order and removes only after a 2xx", async () => {
    const calls: number[] = [];
    const { q, storage } = setup(async (r) => {
      calls.push(r.headcount);
      // while sending the first one, it is still stored
      if (r.headcount === 10) expect(parseState(storage.getItem("k")).pending.map((x) => x.headcount)).toEqual([10, 20, 30]);
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
    const sent: HeadcountReport[] = [];
    const second = new ReportQueue({
      key: "k",
      storage,
      send: async (r) => {
        sent.push(r);
        return answer(r);
      },
    });
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
    expect(res.dropped.map((d) => [d.report.headcount, d.error.status, d.error.message])).toEqual([
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
    storage.setItem("k", JSON.stringify({ pending: [dup, { ...dup, headcount: 4 }, { bogus: true }], confirmed: null }));
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
    let q!: ReportQueue;
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
    const k = storageKey("secret-token-abc");
    expect(k).not.toContain("secret");
    expect(storageKey("secret-token-abc")).toBe(k);
    expect(storageKey("secret-token-abd")).not.toBe(k);
  });
  it("formats reported_at with an offset that round-trips", () => {
    const ms = Date.UTC(2025, 6, 19, 1, 42, 5, 123);
    expect(Date.parse(isoWithOffset(ms))).toBe(ms);
  });
  it("parseState tolerates garbage", () => {
    expect(parseState("not json")).toEqual({ pending: [], confirmed: null });
    expect(parseState(null)).toEqual({ pending: [], confirmed: null });
  });
});
