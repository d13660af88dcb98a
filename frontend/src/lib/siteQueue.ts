/**
 * Offline queue of everything a site page sends (headcount, technical check, incidents, speaking requests…),
 * pure: storage, transport, clock and ids are injected. When to retry: src/lib/flushLoop.ts.
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
 * - The headcount is absolute and the latest wins: `headcountBody` stamps `reported_at` when the user presses
 *   send, the server applies a report only if no newer one was applied (else answers `stale` with its value);
 *   `headcountView` gives what is waiting and the last confirmed value (kept however many items follow).
 *
 * Paths are typed: only site POSTs whose body carries a `request_id` can be queued, and the body must match.
 */
import type { PathsWithMethod } from "openapi-typescript-helpers";
import type { ApiData } from "../api/http";
import type { paths } from "../api/schema";
import { classify, toSendError, type SendError } from "./flushLoop";

export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Storage key `<prefix>.<hash>.<length>` of one site link: the token itself is not written in clear. */
export function linkKey(prefix: string, token: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < token.length; i++) {
    h ^= token.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `${prefix}.${h.toString(36)}.${token.length}`;
}

/** ISO 8601 with the local offset ("2025-07-19T08:42:05.123+07:00"). */
export function isoWithOffset(ms: number): string {
  const d = new Date(ms);
  const off = -d.getTimezoneOffset();
  const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, "0");
  const sign = off >= 0 ? "+" : "-";
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}` +
    `.${pad(d.getMilliseconds(), 3)}${sign}${pad(Math.trunc(off / 60))}:${pad(off % 60)}`
  );
}

/** A v4 UUID (the request_id of a queued send). */
export function defaultId(): string {
  const c = (globalThis as { crypto?: Crypto }).crypto;
  if (c && typeof c.randomUUID === "function") return c.randomUUID();
  // RFC 4122 v4 from getRandomValues (crypto.randomUUID needs a secure context).
  const b = new Uint8Array(16);
  if (c && typeof c.getRandomValues === "function") c.getRandomValues(b);
  else for (let i = 0; i < 16; i++) b[i] = Math.floor(Math.random() * 256);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

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

/** How an item ended; `body` is what was sent (absent in outcomes stored by older versions). */
export type SiteQueueOutcome =
  | { request_id: string; path: SiteQueuePath; status: "sent"; at: number; answer: unknown; queued_at: number; body?: Record<string, unknown> }
  | { request_id: string; path: SiteQueuePath; status: "rejected"; at: number; error: SendError; queued_at: number; body?: Record<string, unknown> };

/** Where one item stands: waiting (also while being sent), delivered, refused for good; unknown = never seen. */
export type SiteItemStatus = "queued" | "sent" | "rejected" | "unknown";

export interface SiteQueueState {
  pending: SiteQueueItem[];
  /** The last outcomes, newest last (at most DONE_KEPT). */
  done: SiteQueueOutcome[];
}

export const DONE_KEPT = 20;

/** The last DONE_KEPT outcomes, and the newest delivered one of each path even if older (the last confirmed headcount). */
function trimDone(done: SiteQueueOutcome[]): SiteQueueOutcome[] {
  const keep = new Set(done.slice(-DONE_KEPT));
  const lastSent = new Set<string>();
  for (let i = done.length - 1; i >= 0; i--) {
    const o = done[i];
    if (o.status === "sent" && !lastSent.has(o.path)) {
      lastSent.add(o.path);
      keep.add(o);
    }
  }
  return done.filter((o) => keep.has(o));
}

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
  return linkKey("diemcau.site", token);
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
  return { pending, done: trimDone(done) };
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
                this.settle({ request_id: head.request_id, path: head.path, status: "rejected", at: this.now(), error, queued_at: head.queued_at, body: head.body });
                result.dropped.push({ item: head, error });
                continue;
              }
              result.stopped = { outcome, error };
              return result;
            }
            this.settle({ request_id: head.request_id, path: head.path, status: "sent", at: this.now(), answer: answer ?? null, queued_at: head.queued_at, body: head.body });
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
    s.done = trimDone([...s.done.filter((o) => o.request_id !== outcome.request_id), outcome]);
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

// The headcount: absolute, the latest `reported_at` wins on the server.

export const HEADCOUNT_PATH = "/api/v1/site/headcount" satisfies SiteQueuePath;
type HeadcountAnswer = SiteQueueAnswer<typeof HEADCOUNT_PATH>;

/** A headcount to queue, stamped with the moment the user pressed send. */
export function headcountBody(headcount: number, now: number = Date.now()): SiteQueueBody<typeof HEADCOUNT_PATH> {
  if (!Number.isInteger(headcount) || headcount < 0) throw new RangeError("headcount must be a non-negative integer");
  return { headcount, reported_at: isoWithOffset(now) };
}

export interface HeadcountItem {
  request_id: string;
  headcount: number;
  reported_at: string;
}

export interface ConfirmedReport {
  request_id: string;
  /** The site's applied headcount after this report (the server's answer). */
  headcount: number;
  /** What the user reported (differs from `headcount` when the report was stale). */
  reported: number;
  received_at: string;
  stale: boolean;
}

export interface HeadcountView {
  /** Waiting to be sent, oldest first. */
  pending: HeadcountItem[];
  /** The last report the server answered. */
  confirmed: ConfirmedReport | null;
  /** Reports refused for good (409/422…) since `since`, newest last. */
  rejected: { report: HeadcountItem; error: SendError }[];
}

function asHeadcount(request_id: string, body: Record<string, unknown> | undefined): HeadcountItem {
  return { request_id, headcount: Number(body?.headcount ?? 0), reported_at: String(body?.reported_at ?? "") };
}

/** The headcount's part of the queue; `since` (ms, the queue's clock) bounds the refusals shown. */
export function headcountView(state: SiteQueueState, since = 0): HeadcountView {
  const pending = state.pending.filter((i) => i.path === HEADCOUNT_PATH).map((i) => asHeadcount(i.request_id, i.body));
  const mine = state.done.filter((o) => o.path === HEADCOUNT_PATH);
  const rejected = mine.flatMap((o) => (o.status === "rejected" && o.at >= since ? [{ report: asHeadcount(o.request_id, o.body), error: o.error }] : []));
  const last = mine.filter((o) => o.status === "sent").at(-1);
  if (!last || last.status !== "sent") return { pending, confirmed: null, rejected };
  const a = (last.answer ?? {}) as Partial<HeadcountAnswer>;
  const reported = asHeadcount(last.request_id, last.body).headcount;
  const confirmed = {
    request_id: a.request_id ?? last.request_id,
    headcount: typeof a.headcount === "number" ? a.headcount : reported,
    reported,
    received_at: a.received_at ?? new Date(last.at).toISOString(),
    stale: !!a.stale,
  };
  return { pending, confirmed, rejected };
}

/**
 * Headcounts left by the former headcount-only queue (key `diemcau.reports.…`, same shape) move into the
 * link's queue ahead of newer items, with its last confirmed value, so an update loses nothing.
 */
export function adoptLegacyHeadcounts(storage: StorageLike | null, token: string): void {
  const legacy = linkKey("diemcau.reports", token);
  try {
    const raw = storage?.getItem(legacy);
    if (!storage || raw == null) return;
    const data = JSON.parse(raw) as { pending?: unknown; confirmed?: Partial<ConfirmedReport> | null };
    const s = parseSiteState(storage.getItem(siteQueueKey(token)));
    const known = new Set(s.pending.map((i) => i.request_id));
    const moved: SiteQueueItem[] = [];
    for (const r of Array.isArray(data.pending) ? (data.pending as Record<string, unknown>[]) : []) {
      const { request_id, headcount, reported_at, queued_at } = r ?? {};
      if (typeof request_id !== "string" || known.has(request_id) || !Number.isInteger(headcount) || typeof reported_at !== "string") continue;
      known.add(request_id);
      const at = typeof queued_at === "number" ? queued_at : Date.parse(reported_at) || 0;
      moved.push({ request_id, path: HEADCOUNT_PATH, body: { headcount, reported_at, request_id }, queued_at: at });
    }
    const c = data.confirmed;
    const done: SiteQueueOutcome[] = [];
    if (c && typeof c.headcount === "number" && typeof c.received_at === "string" && !s.done.some((o) => o.path === HEADCOUNT_PATH)) {
      const id = c.request_id ?? "legacy";
      const answer = { request_id: id, headcount: c.headcount, received_at: c.received_at, stale: !!c.stale };
      done.push({ request_id: id, path: HEADCOUNT_PATH, status: "sent", at: Date.parse(c.received_at) || 0, answer, queued_at: 0, body: { headcount: c.reported ?? c.headcount } });
    }
    storage.setItem(siteQueueKey(token), JSON.stringify({ pending: [...moved, ...s.pending], done: [...done, ...s.done] }));
    storage.removeItem(legacy);
  } catch {
    /* unreadable or no storage: nothing to adopt */
  }
}
