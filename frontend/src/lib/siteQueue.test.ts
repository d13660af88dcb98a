import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DONE_KEPT, parseSiteState, SiteQueue, siteQueueKey, type SiteQueueItem, type StorageLike } from "./siteQueue";
import { SiteOutbox } from "./useSiteQueue";

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

const refusal = (status: number, message = "x", retryAfter?: number) => Object.assign(new Error(message), { status, retryAfter });
const settle = async () => {
  for (let i = 0; i < 30; i++) await Promise.resolve();
};
const report = (n: number) => ({ headcount: n, reported_at: "2026-07-19T08:00:00+07:00" });

function makeQueue(storage: StorageLike, send: (item: SiteQueueItem) => Promise<unknown>) {
  let id = 0;
  return new SiteQueue({ key: "k", storage, send, newId: () => `r-${++id}`, now: () => 1000 });
}

describe("SiteQueue", () => {
  it("writes an item, with its request_id in the body, before anything is sent, and keeps it across a reload", () => {
    const storage = new MemStorage();
    const send = vi.fn(async () => ({}));
    const q = makeQueue(storage, send);
    const item = q.enqueue("/api/v1/site/headcount", report(12));
    expect(send).not.toHaveBeenCalled();
    expect(item.body).toEqual({ headcount: 12, reported_at: "2026-07-19T08:00:00+07:00", request_id: "r-1" });
    const again = new SiteQueue({ key: "k", storage, send });
    expect(again.pending()).toEqual([item]);
    expect(again.status("r-1")).toBe("queued");
  });

  it("sends oldest first, one at a time, and remembers what was sent", async () => {
    const storage = new MemStorage();
    const seen: string[] = [];
    let inFlight = 0;
    const q = makeQueue(storage, async (item) => {
      expect(++inFlight).toBe(1);
      await Promise.resolve();
      seen.push(`${item.path}:${item.request_id}`);
      inFlight--;
      return { ok: item.request_id };
    });
    q.enqueue("/api/v1/site/headcount", report(1));
    q.enqueue("/api/v1/site/headcount", report(2));
    const done = q.settled("r-2");
    void q.flush();
    const r = await q.flush();
    expect(seen).toEqual(["/api/v1/site/headcount:r-1", "/api/v1/site/headcount:r-2"]);
    expect(r.stopped).toBeNull();
    expect(q.pending()).toEqual([]);
    expect(await done).toMatchObject({ request_id: "r-2", status: "sent", answer: { ok: "r-2" } });
    expect(new SiteQueue({ key: "k", storage, send: vi.fn() }).status("r-1")).toBe("sent");
  });

  it("keeps the head and stops on a network error, a 503 or a 429; goes on later in the same order", async () => {
    for (const status of [0, 503, 429, 500, 408]) {
      const storage = new MemStorage();
      let fail = true;
      const sent: string[] = [];
      const q = makeQueue(storage, async (item) => {
        if (fail) throw refusal(status);
        sent.push(item.request_id);
        return {};
      });
      q.enqueue("/api/v1/site/headcount", report(1));
      q.enqueue("/api/v1/site/headcount", report(2));
      const r = await q.flush();
      expect(r.stopped?.outcome).toBe("retry");
      expect(q.pending().map((i) => i.request_id)).toEqual(["r-1", "r-2"]);
      fail = false;
      await q.flush();
      expect(sent).toEqual(["r-1", "r-2"]);
    }
  });

  it("drops an item the server refuses for good, keeps its message, and sends the next", async () => {
    const storage = new MemStorage();
    const q = makeQueue(storage, async (item) => {
      if (item.request_id === "r-1") throw refusal(409, "Buổi tọa đàm đã kết thúc.");
      return {};
    });
    q.enqueue("/api/v1/site/headcount", report(1));
    q.enqueue("/api/v1/site/headcount", report(2));
    const first = q.settled("r-1");
    const r = await q.flush();
    expect(r.dropped).toHaveLength(1);
    expect(r.dropped[0].error).toMatchObject({ status: 409, message: "Buổi tọa đàm đã kết thúc." });
    expect(await first).toMatchObject({ status: "rejected", error: { status: 409, message: "Buổi tọa đàm đã kết thúc." } });
    expect(q.status("r-1")).toBe("rejected");
    expect(q.status("r-2")).toBe("sent");
  });

  it("stops and keeps everything when the link is refused (401/403)", async () => {
    const q = makeQueue(new MemStorage(), async () => {
      throw refusal(401);
    });
    q.enqueue("/api/v1/site/headcount", report(1));
    const r = await q.flush();
    expect(r.stopped?.outcome).toBe("unauthorized");
    expect(q.pending()).toHaveLength(1);
  });

  it("parses stored state defensively: malformed items and duplicate ids are dropped, outcomes capped", () => {
    const item = { request_id: "a", path: "/api/v1/site/headcount", body: { headcount: 1 }, queued_at: 1 };
    const done = Array.from({ length: DONE_KEPT + 5 }, (_, i) => ({ request_id: `d${i}`, path: item.path, status: "sent", at: i, answer: null, queued_at: i }));
    const s = parseSiteState(JSON.stringify({ pending: [item, item, { request_id: 3 }, { ...item, request_id: "b", path: "/elsewhere" }], done }));
    expect(s.pending).toEqual([{ ...item, body: { headcount: 1, request_id: "a" } }]);
    expect(s.done).toHaveLength(DONE_KEPT);
    expect(parseSiteState("{not json")).toEqual({ pending: [], done: [] });
  });

  it("works without storage (private mode) for the page's life", async () => {
    const broken: StorageLike = {
      getItem: () => null,
      setItem: () => {
        throw new Error("quota");
      },
      removeItem: () => undefined,
    };
    const q = makeQueue(broken, async () => ({}));
    q.enqueue("/api/v1/site/headcount", report(1));
    expect(q.pending()).toHaveLength(1);
    await q.flush();
    expect(q.status("r-1")).toBe("sent");
  });

  it("accepts only idempotent site POSTs with their own body (checked by tsc)", () => {
    const q = makeQueue(new MemStorage(), async () => ({}));
    // @ts-expect-error check-in carries no request_id: it cannot be queued
    expect(() => q.enqueue("/api/v1/site/checkin", {})).not.toThrow();
    // @ts-expect-error a headcount needs its number
    q.enqueue("/api/v1/site/headcount", { reported_at: "x" });
    expect(q.pending()).toHaveLength(2);
  });

  it("keys each link apart, without the token in clear", () => {
    expect(siteQueueKey("abc")).toMatch(/^diemcau\.site\./);
    expect(siteQueueKey("abc")).not.toContain("abc");
    expect(siteQueueKey("abc")).not.toBe(siteQueueKey("abd"));
  });
});

describe("SiteOutbox (the page's shared queue)", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: Date.UTC(2026, 6, 19, 1, 0, 0) });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it("posts through the typed client with the site token, and waits the server's Retry-After before trying again", async () => {
    const calls: { url: string; token: string | null; body: unknown }[] = [];
    let answers = [
      () => new Response(JSON.stringify({ detail: "Quá nhiều yêu cầu", code: "request.rate_limited" }), { status: 429, headers: { "Retry-After": "20" } }),
      () => new Response(JSON.stringify({ request_id: "x", applied: true, stale: false, headcount: 7, received_at: "2026-07-19T01:00:00Z" }), { status: 200 }),
    ];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (req: Request) => {
        calls.push({ url: new URL(req.url).pathname, token: req.headers.get("X-Site-Token"), body: await req.json() });
        const next = answers[0];
        answers = answers.slice(1);
        return next();
      }),
    );
    const outbox = new SiteOutbox(`tok-${Math.random()}`);
    const detach = outbox.attach();
    const { request_id, settled } = outbox.send("/api/v1/site/headcount", report(7));
    await vi.advanceTimersByTimeAsync(0);
    await settle();
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ url: "/api/v1/site/headcount", token: expect.stringMatching(/^tok-/), body: { headcount: 7, request_id } });
    expect(outbox.getSnapshot()).toMatchObject({ retrying: true, sending: false });
    expect(outbox.statusOf(request_id)).toBe("queued");
    outbox.flush(); // a reconnect inside the Retry-After sends nothing
    await settle();
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(19_999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(4_001);
    await settle();
    expect(calls).toHaveLength(2);
    expect(await settled).toMatchObject({ status: "sent", answer: { headcount: 7 } });
    expect(outbox.getSnapshot().pending).toEqual([]);
    detach();
  });

  it("fills a queued item's path parameters in when it is sent, also after a reload", async () => {
    const urls: string[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (req: Request) => {
        urls.push(new URL(req.url).pathname);
        return new Response(JSON.stringify({ poll_id: 3, applied: true }), { status: 200 });
      }),
    );
    const token = `tok-${Math.random()}`;
    const storage = new MemStorage();
    const first = new SiteQueue({ key: "p", storage, send: async () => Promise.reject(refusal(0)) });
    first.enqueue("/api/v1/site/polls/{poll_id}/tally", { counts: { "7": 2 }, reported_at: "2026-07-19T08:00:00+07:00" }, { poll_id: 3 });
    expect(parseSiteState(storage.getItem("p")).pending[0].params).toEqual({ poll_id: 3 });
    const outbox = new SiteOutbox(token);
    const detach = outbox.attach();
    const { settled } = outbox.send("/api/v1/site/polls/{poll_id}/tally", { counts: { "7": 2 }, reported_at: "2026-07-19T08:00:00+07:00" }, { poll_id: 3 });
    await vi.advanceTimersByTimeAsync(0);
    await settle();
    expect(await settled).toMatchObject({ status: "sent" });
    expect(urls).toEqual(["/api/v1/site/polls/3/tally"]);
    detach();
  });

  it("shows the server's Vietnamese refusal and drops the item", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => new Response(JSON.stringify({ detail: "Buổi tọa đàm đã kết thúc.", code: "seminar.ended" }), { status: 409 })),
    );
    const outbox = new SiteOutbox(`tok-${Math.random()}`);
    const detach = outbox.attach();
    const { settled } = outbox.send("/api/v1/site/headcount", report(3));
    const outcome = await settled;
    expect(outcome).toMatchObject({ status: "rejected", error: { status: 409, message: "Buổi tọa đàm đã kết thúc." } });
    expect(outbox.getSnapshot().done.at(-1)).toMatchObject({ status: "rejected" });
    detach();
  });
});
