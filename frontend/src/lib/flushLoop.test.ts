import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { parseRetryAfter } from "../api/client";
import { publicApi, siteAuth } from "../api/http";
import type { HeadcountAnswer } from "../api/types";
import { FlushLoop, retryDelay } from "./flushLoop";
import { HEADCOUNT_PATH, headcountBody, SiteQueue, type SiteQueueItem, type StorageLike } from "./siteQueue";

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

const headcountOf = (item: SiteQueueItem) => item.body.headcount as number;
const answer = (item: SiteQueueItem): HeadcountAnswer => ({
  request_id: item.request_id,
  applied: true,
  stale: false,
  headcount: headcountOf(item),
  received_at: "2026-07-19T01:42:00Z",
});
const refusal = (status: number, retryAfter?: number) => Object.assign(new Error("x"), { status, retryAfter });

/** Let the queue's promise chains settle (no timers involved). */
const settle = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

describe("Retry-After", () => {
  beforeEach(() => vi.useFakeTimers({ now: Date.UTC(2026, 6, 19, 1, 0, 0) }));
  afterEach(() => vi.useRealTimers());

  it("is read from seconds or an HTTP date", () => {
    const now = Date.UTC(2026, 6, 19, 1, 0, 0);
    expect(parseRetryAfter("7", now)).toBe(7);
    expect(parseRetryAfter("Sun, 19 Jul 2026 01:00:30 GMT", now)).toBe(30);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it("is carried by the client's errors", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => new Response(JSON.stringify({ detail: "Chậm lại", code: "request.rate_limited" }), { status: 429, headers: { "Retry-After": "12" } })),
    );
    try {
      const report = { headcount: 12, request_id: "r-1", reported_at: "2026-07-19T01:00:00Z" };
      await expect(publicApi.POST("/api/v1/site/headcount", { body: report, headers: siteAuth("t") })).rejects.toMatchObject({ status: 429, retryAfter: 12 });
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it("sets the delay on 429 and 503, never shorter than asked; other errors back off", () => {
    expect(retryDelay({ status: 429, retryAfter: 30 }, 0, () => 0)).toBe(30_000);
    expect(retryDelay({ status: 503, retryAfter: 5 }, 4, () => 1)).toBe(6_000);
    expect(retryDelay({ status: 503 }, 0, () => 0.5)).toBe(1000);
    expect(retryDelay({ status: 0, retryAfter: 30 }, 0, () => 0.5)).toBe(1000);
  });

  it("the queue waits the server's Retry-After, whatever triggers it, then flushes everything in order", async () => {
    const sent: number[] = [];
    let refuseNext = true;
    let n = 0;
    const queue = new SiteQueue({
      key: "k",
      storage: new MemStorage(),
      newId: () => `id-${++n}`,
      send: async (r) => {
        if (refuseNext) {
          refuseNext = false;
          throw refusal(429, 30);
        }
        sent.push(headcountOf(r));
        return answer(r);
      },
    });
    const retries: (number | null)[] = [];
    const loop = new FlushLoop(queue, { random: () => 0, onResult: (_res, retryIn) => retries.push(retryIn) });

    queue.enqueue(HEADCOUNT_PATH, headcountBody(10));
    loop.run();
    await settle();
    expect(retries).toEqual([30_000]);
    expect(sent).toEqual([]);

    // More items, the network coming back, a socket reconnect: nothing is sent before 30 s.
    queue.enqueue(HEADCOUNT_PATH, headcountBody(20));
    loop.run();
    loop.resetBackoff();
    loop.run();
    await vi.advanceTimersByTimeAsync(29_999);
    expect(sent).toEqual([]);
    queue.enqueue(HEADCOUNT_PATH, headcountBody(30));
    loop.run();
    await vi.advanceTimersByTimeAsync(1);
    await settle();
    expect(sent).toEqual([10, 20, 30]);
    expect(queue.pending()).toEqual([]);
    expect(retries.at(-1)).toBeNull();
  });

  it("a 503 without Retry-After backs off and retries on its own", async () => {
    const sent: number[] = [];
    let failures = 2;
    const queue = new SiteQueue({
      key: "k",
      storage: new MemStorage(),
      send: async (r) => {
        if (failures-- > 0) throw refusal(503);
        sent.push(headcountOf(r));
        return answer(r);
      },
    });
    const loop = new FlushLoop(queue, { random: () => 0.5 });
    queue.enqueue(HEADCOUNT_PATH, headcountBody(1));
    queue.enqueue(HEADCOUNT_PATH, headcountBody(2));
    loop.run();
    await settle();
    await vi.advanceTimersByTimeAsync(1000); // first backoff
    await settle();
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(2000); // second backoff
    await settle();
    expect(sent).toEqual([1, 2]);
  });

  it("stops for good on an invalid link", async () => {
    const send = vi.fn(async () => {
      throw refusal(401);
    });
    const queue = new SiteQueue({ key: "k", storage: new MemStorage(), send });
    const loop = new FlushLoop(queue);
    queue.enqueue(HEADCOUNT_PATH, headcountBody(5));
    loop.run();
    await settle();
    loop.run();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(send).toHaveBeenCalledTimes(1);
    expect(queue.pending()).toHaveLength(1); // kept for a new link
  });
});
