/**
 * Offline queue of everything a site page sends (technical check, incidents, speaking requests…): the
 * headcount queue's rules (src/lib/reportQueue.ts) for any idempotent site POST.
 *
 * - `send(path, body)` gives the item its `request_id` and writes it to storage BEFORE any request, so a
 *   reload or a lost line never loses it; the body sent is `{...body, request_id}`.
 * - Items go one at a time, oldest first, whatever their path (an incident reported before a speaking request
 *   arrives before it). One is removed after a 2xx ("sent"), or after a final 4xx (409, 422, 400, 404:
 *   "rejected", with the server's message, in the UI's language). 401/403 stop the queue and keep it.
 *   A network error, 408, 429 or 5xx keeps the item at the head and stops; `FlushLoop` retries after the
 *   server's Retry-After on 429/503, else with backoff, and at once on `online` / socket reconnect.
 * - The last outcomes ("sent"/"rejected") are stored too, so a page reopened offline still says what went.
 * - Storage is the source of truth (re-read on every operation): two tabs of the same link share it.
 *
 * Paths are typed: only site POSTs whose body carries a `request_id` can be queued, and the body must match.
 */
import type { PathsWithMethod } from "openapi-typescript-helpers";
import type { ApiData } from "../api/http";
import type { paths } from "../api/schema";
import { classify, defaultId, storageKey, toSendError, type SendError, type StorageLike } from "./reportQueue";

type SitePost = Extract<PathsWithMethod<paths, "post">, `/api/v1/site/${string}`>;
type JsonBody<P extends SitePost> = paths[P]["post"] extends { requestBody?: { content: { "application/json": infer B } } }
  ? B
  : never;
/** Site POST paths that are idempotent per `request_id` (their body has one): what the queue accepts. */
export type SiteQueuePath = { [P in SitePost]: [JsonBody<P>] extends [never] ? never : "request_id" extends keyof JsonBody<P> ? P : never }[SitePost];
/** What the caller gives for `path`: its body without `request_id` (the queue adds it). */
export type SiteQueueBody<P extends SiteQueuePath> = Omit<JsonBody<P>, "request_id">;
/** The server's answer to `path`. */
export type SiteQueueAnswer<P extends SiteQueuePath> = ApiData<P, "post">;

export interface SiteQueueItem {
  request_id: string;
  path: SiteQueuePath;
  /** The body as sent (with `request_id`). */
  body: Record<string, unknown>;
  /** The path's parameters (`/site/polls/{poll_id}/tally` → `{poll_id: 3}`), filled in when sent. */
  params?: Record<string, string | number>;
  /** Local time the user pressed the button (ms). */
  queued_at: number;
}

export type SiteQueueOutcome =
  | { request_id: string; path: SiteQueuePath; status: "sent"; at: number; answer: unknown; queued_at: number }
  | { request_id: string; path: SiteQueuePath; status: "rejected"; at: number; error: SendError; queued_at: number };

/** Where one item stands: waiting (also while being sent), delivered, refused for good; unknown = never seen. */
export type SiteItemStatus = "queued" | "sent" | "rejected" | "unknown";

export interface SiteQueueState {
  pending: SiteQueueItem[];
  /** The last outcomes, newest last (at most DONE_KEPT). */
  done: SiteQueueOutcome[];
}

export const DONE_KEPT = 20;

/** The latest outcome of `requestId` in `done`. */
export function outcomeIn(done: readonly SiteQueueOutcome[], requestId: string): SiteQueueOutcome | undefined {
  for (let i = done.length - 1; i >= 0; i--) if (done[i].request_id === requestId) return done[i];
  return undefined;
}

export interface SiteFlushResult {
  sent: number;
  dropped: { item: SiteQueueItem; error: SendError }[];
  stopped: null | { outcome: "retry" | "unauthorized"; error: SendError };
}

export interface SiteQueueOptions {
  key: string;
  storage?: StorageLike | null;
  /** Sends one item; resolves with the server's answer or rejects with a SendError-like ({status, message, retryAfter}). */
  send: (item: SiteQueueItem) => Promise<unknown>;
  now?: () => number;
  newId?: () => string;
  onChange?: (state: SiteQueueState) => void;
}

/** Storage key of one site link's queue (the token is not written in clear). */
export function siteQueueKey(token: string): string {
  return storageKey(token).replace(/^diemcau\.reports\./, "diemcau.site.");
}

function isItem(x: unknown): x is SiteQueueItem {
  if (!x || typeof x !== "object") return false;
  const r = x as Record<string, unknown>;
  return (
    typeof r.request_id === "string" &&
    r.request_id.length > 0 &&
    typeof r.path === "string" &&
    r.path.startsWith("/api/v1/site/") &&
    !!r.body &&
    typeof r.body === "object" &&
    typeof r.queued_at === "number"
  );
}

/** Parse stored state, dropping malformed entries and duplicate request_ids (first one wins). */
export function parseSiteState(raw: string | null): SiteQueueState {
  const empty: SiteQueueState = { pending: [], done: [] };
  if (!raw) return empty;
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return empty;
  }
  if (!data || typeof data !== "object") return empty;
  const d = data as { pending?: unknown; done?: unknown };
  const seen = new Set<string>();
  const pending: SiteQueueItem[] = [];
  for (const r of Array.isArray(d.pending) ? d.pending : []) {
    if (!isItem(r) || seen.has(r.request_id)) continue;
    seen.add(r.request_id);
    const params = r.params && typeof r.params === "object" ? { params: r.params } : {};
    pending.push({ request_id: r.request_id, path: r.path, body: { ...r.body, request_id: r.request_id }, queued_at: r.queued_at, ...params });
  }
  const done = (Array.isArray(d.done) ? d.done : []).filter(
    (o): o is SiteQueueOutcome =>
      !!o && typeof o === "object" && typeof o.request_id === "string" && (o.status === "sent" || o.status === "rejected") && typeof o.at === "number",
  );
  return { pending, done: done.slice(-DONE_KEPT) };
}

export class SiteQueue {
  private readonly key: string;
  private readonly storage: StorageLike | null;
  private readonly sendFn: SiteQueueOptions["send"];
  private readonly now: () => number;
  private readonly newId: () => string;
  private readonly onChange?: (state: SiteQueueState) => void;
  private memory: SiteQueueState = { pending: [], done: [] };
  private storageBroken = false;
  private flushing: Promise<SiteFlushResult> | null = null;
  private again = false;
  private waiters = new Map<string, ((o: SiteQueueOutcome) => void)[]>();

  constructor(opts: SiteQueueOptions) {
    this.key = opts.key;
    this.storage = opts.storage === undefined ? (typeof localStorage !== "undefined" ? localStorage : null) : opts.storage;
    this.sendFn = opts.send;
    this.now = opts.now ?? Date.now;
    this.newId = opts.newId ?? defaultId;
    this.onChange = opts.onChange;
    this.memory = this.read();
  }

  state(): SiteQueueState {
    return this.read();
  }

  pending(): SiteQueueItem[] {
    return this.read().pending;
  }

  status(requestId: string): SiteItemStatus {
    const s = this.read();
    if (s.pending.some((i) => i.request_id === requestId)) return "queued";
    return outcomeIn(s.done, requestId)?.status ?? "unknown";
  }

  /** Record an item (persisted before returning). Does not send: call flush(). */
  enqueue<P extends SiteQueuePath>(path: P, body: SiteQueueBody<P>, params?: Record<string, string | number>): SiteQueueItem {
    const request_id = this.newId();
    const item: SiteQueueItem = { request_id, path, body: { ...(body as object), request_id }, queued_at: this.now(), ...(params ? { params } : {}) };
    const s = this.read();
    if (!s.pending.some((i) => i.request_id === request_id)) s.pending.push(item);
    this.write(s);
    return item;
  }

  /** Resolves when the item is delivered or refused for good (never on a retryable failure). */
  settled(requestId: string): Promise<SiteQueueOutcome> {
    const known = outcomeIn(this.read().done, requestId);
    if (known && !this.read().pending.some((i) => i.request_id === requestId)) return Promise.resolve(known);
    return new Promise((resolve) => {
      const list = this.waiters.get(requestId) ?? [];
      list.push(resolve);
      this.waiters.set(requestId, list);
    });
  }

  /** Send pending items in order. Concurrent calls share one run (and trigger one more pass if needed). */
  flush(): Promise<SiteFlushResult> {
    if (this.flushing) {
      this.again = true;
      return this.flushing;
    }
    const run = async (): Promise<SiteFlushResult> => {
      const result: SiteFlushResult = { sent: 0, dropped: [], stopped: null };
      try {
        do {
          this.again = false;
          for (;;) {
            const head = this.read().pending[0];
            if (!head) break;
            let answer: unknown;
            try {
              answer = await this.sendFn(head);
            } catch (e) {
              const error = toSendError(e);
              const outcome = classify(error.status);
              if (outcome === "final") {
                this.settle({ request_id: head.request_id, path: head.path, status: "rejected", at: this.now(), error, queued_at: head.queued_at });
                result.dropped.push({ item: head, error });
                continue;
              }
              result.stopped = { outcome, error };
              return result;
            }
            this.settle({ request_id: head.request_id, path: head.path, status: "sent", at: this.now(), answer: answer ?? null, queued_at: head.queued_at });
            result.sent += 1;
          }
        } while (this.again);
        return result;
      } finally {
        this.flushing = null;
      }
    };
    this.flushing = run();
    return this.flushing;
  }

  clear(): void {
    this.write({ pending: [], done: [] });
  }

  private settle(outcome: SiteQueueOutcome): void {
    const s = this.read();
    s.pending = s.pending.filter((i) => i.request_id !== outcome.request_id);
    s.done = [...s.done.filter((o) => o.request_id !== outcome.request_id), outcome].slice(-DONE_KEPT);
    this.write(s);
    const list = this.waiters.get(outcome.request_id);
    this.waiters.delete(outcome.request_id);
    list?.forEach((fn) => fn(outcome));
  }

  private read(): SiteQueueState {
    if (this.storage && !this.storageBroken) {
      try {
        const raw = this.storage.getItem(this.key);
        if (raw !== null) return parseSiteState(raw);
      } catch {
        /* fall back to memory */
      }
    }
    return { pending: [...this.memory.pending], done: [...this.memory.done] };
  }

  private write(s: SiteQueueState): void {
    this.memory = { pending: [...s.pending], done: [...s.done] };
    if (this.storage && !this.storageBroken) {
      try {
        if (s.pending.length === 0 && s.done.length === 0) this.storage.removeItem(this.key);
        else this.storage.setItem(this.key, JSON.stringify(s));
      } catch {
        /* quota or private mode: the memory copy is the truth from now on */
        this.storageBroken = true;
      }
    }
    this.onChange?.(this.read());
  }
}
