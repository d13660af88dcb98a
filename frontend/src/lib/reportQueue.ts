/**
 * Offline queue of headcount reports for the site page (pure: storage, transport, clock and ids are injected).
 *
 * - A report gets its `request_id` and `reported_at` when the user presses send, and is written to storage
 *   BEFORE any request is made, so a reload or a lost network never loses it.
 * - Reports are sent one at a time, oldest first. One is removed only after a 2xx, or after a final 4xx
 *   (409, 422, 400, 404: shown to the user and dropped). 401/403 stop the queue (invalid link) and keep it.
 *   A network error, 408, 429 or 5xx keeps the report at the head of the queue and stops the flush;
 *   `FlushLoop` retries: after the server's `Retry-After` on 429/503 (never earlier, whatever triggers it),
 *   else with `backoffDelay`, and at once on `online` or socket reconnect when no Retry-After is pending.
 * - The server is idempotent per request_id, so re-sending after a reload mid-request is safe; the queue
 *   never holds two reports with the same request_id.
 * - Storage is the source of truth (re-read on every operation), so two tabs of the same link share it.
 */
import type { HeadcountAnswer, HeadcountReport } from "../api/types";

export interface QueuedReport extends HeadcountReport {
  /** Local time the user pressed send (ms); equals Date.parse(reported_at). */
  queued_at: number;
}

export interface ConfirmedReport {
  request_id: string | null;
  /** The site's applied headcount after this report (the server's answer). */
  headcount: number;
  /** What the user reported (differs from `headcount` when the report was stale). */
  reported: number;
  received_at: string;
  stale: boolean;
}

export interface QueueState {
  pending: QueuedReport[];
  confirmed: ConfirmedReport | null;
}

export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Something that went wrong sending one report. `status` 0 = network. */
export interface SendError {
  status: number;
  message?: string;
  /** The server's Retry-After, in seconds (429, 503). */
  retryAfter?: number;
}

export type Outcome = "retry" | "final" | "unauthorized";

/** How to treat a failed send. */
export function classify(status: number): Outcome {
  if (status === 401 || status === 403) return "unauthorized";
  if (status === 0 || status === 408 || status === 425 || status === 429 || status >= 500) return "retry";
  if (status >= 400) return "final";
  return "retry";
}

/** Delay before retry number `attempt` (0-based): 1 s, 2 s, 4 s … capped at 30 s, ±20% jitter. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.max(0, attempt));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** How long to wait before retrying after `error`: the server's Retry-After on 429/503 (plus up to 20% so that
 * sixty sites told the same do not all come back at once), else `backoffDelay(attempt)`. */
export function retryDelay(error: SendError, attempt: number, random: () => number = Math.random): number {
  if ((error.status === 429 || error.status === 503) && error.retryAfter !== undefined && error.retryAfter >= 0) {
    return Math.round(error.retryAfter * 1000 * (1 + 0.2 * random()));
  }
  return backoffDelay(attempt, random);
}

/** Storage key for one site link. The token itself is not written in clear; a short hash is enough locally. */
export function storageKey(token: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < token.length; i++) {
    h ^= token.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `diemcau.reports.${h.toString(36)}.${token.length}`;
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

function isReport(x: unknown): x is QueuedReport {
  if (!x || typeof x !== "object") return false;
  const r = x as Record<string, unknown>;
  return (
    typeof r.request_id === "string" &&
    r.request_id.length > 0 &&
    typeof r.headcount === "number" &&
    Number.isInteger(r.headcount) &&
    r.headcount >= 0 &&
    typeof r.reported_at === "string"
  );
}

/** Parse stored state, dropping malformed entries and duplicate request_ids (first one wins). */
export function parseState(raw: string | null): QueueState {
  const empty: QueueState = { pending: [], confirmed: null };
  if (!raw) return empty;
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return empty;
  }
  if (!data || typeof data !== "object") return empty;
  const d = data as { pending?: unknown; confirmed?: unknown };
  const seen = new Set<string>();
  const pending: QueuedReport[] = [];
  for (const r of Array.isArray(d.pending) ? d.pending : []) {
    if (!isReport(r) || seen.has(r.request_id)) continue;
    seen.add(r.request_id);
    pending.push({
      request_id: r.request_id,
      headcount: r.headcount,
      reported_at: r.reported_at,
      queued_at: typeof r.queued_at === "number" ? r.queued_at : Date.parse(r.reported_at) || 0,
    });
  }
  const c = d.confirmed as ConfirmedReport | null | undefined;
  const confirmed = c && typeof c === "object" && typeof c.headcount === "number" && typeof c.received_at === "string" ? c : null;
  return { pending, confirmed };
}

export interface ReportQueueOptions {
  key: string;
  storage?: StorageLike | null;
  /** Sends one report; resolves with the server's answer or rejects with a SendError-like ({status}). */
  send: (report: HeadcountReport) => Promise<HeadcountAnswer>;
  now?: () => number;
  newId?: () => string;
  /** Called after every change of the queue state. */
  onChange?: (state: QueueState) => void;
}

export interface FlushResult {
  /** Reports acknowledged (2xx) during this flush. */
  sent: number;
  /** Reports dropped after a final error, with the error. */
  dropped: { report: QueuedReport; error: SendError }[];
  /** Set when the flush stopped with reports left: a retryable error, or an invalid link. */
  stopped: null | { outcome: "retry" | "unauthorized"; error: SendError };
}

export function toSendError(e: unknown): SendError {
  if (e && typeof e === "object" && "status" in e && typeof (e as { status: unknown }).status === "number") {
    const err = e as { status: number; message?: unknown; retryAfter?: unknown };
    const out: SendError = { status: err.status, message: typeof err.message === "string" ? err.message : undefined };
    if (typeof err.retryAfter === "number" && Number.isFinite(err.retryAfter)) out.retryAfter = err.retryAfter;
    return out;
  }
  return { status: 0, message: e instanceof Error ? e.message : undefined };
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

export class ReportQueue {
  private readonly key: string;
  private readonly storage: StorageLike | null;
  private readonly sendFn: ReportQueueOptions["send"];
  private readonly now: () => number;
  private readonly newId: () => string;
  private readonly onChange?: (state: QueueState) => void;
  /** Fallback when storage is unavailable (private mode, quota): still works for this page's life. */
  private memory: QueueState = { pending: [], confirmed: null };
  private storageBroken = false;
  private flushing: Promise<FlushResult> | null = null;
  private again = false;

  constructor(opts: ReportQueueOptions) {
    this.key = opts.key;
    this.storage = opts.storage === undefined ? (typeof localStorage !== "undefined" ? localStorage : null) : opts.storage;
    this.sendFn = opts.send;
    this.now = opts.now ?? Date.now;
    this.newId = opts.newId ?? defaultId;
    this.onChange = opts.onChange;
    this.memory = this.read();
  }

  /** Current state, from storage. */
  state(): QueueState {
    return this.read();
  }

  pending(): QueuedReport[] {
    return this.read().pending;
  }

  get isFlushing(): boolean {
    return this.flushing !== null;
  }

  /** Record a report (persisted before returning). Does not send: call flush(). */
  enqueue(headcount: number): QueuedReport {
    if (!Number.isInteger(headcount) || headcount < 0) throw new RangeError("headcount must be a non-negative integer");
    const at = this.now();
    const report: QueuedReport = { request_id: this.newId(), headcount, reported_at: isoWithOffset(at), queued_at: at };
    const s = this.read();
    if (!s.pending.some((r) => r.request_id === report.request_id)) s.pending.push(report);
    this.write(s);
    return report;
  }

  /** Send pending reports in order. Concurrent calls share one run (and trigger one more pass if needed). */
  flush(): Promise<FlushResult> {
    if (this.flushing) {
      this.again = true;
      return this.flushing;
    }
    const run = async (): Promise<FlushResult> => {
      const result: FlushResult = { sent: 0, dropped: [], stopped: null };
      try {
        do {
          this.again = false;
          for (;;) {
            const head = this.read().pending[0];
            if (!head) break;
            let answer: HeadcountAnswer;
            try {
              answer = await this.sendFn({ headcount: head.headcount, request_id: head.request_id, reported_at: head.reported_at });
            } catch (e) {
              const error = toSendError(e);
              const outcome = classify(error.status);
              if (outcome === "final") {
                this.remove(head.request_id, null);
                result.dropped.push({ report: head, error });
                continue;
              }
              result.stopped = { outcome, error };
              return result;
            }
            this.remove(head.request_id, {
              request_id: answer?.request_id ?? head.request_id,
              headcount: typeof answer?.headcount === "number" ? answer.headcount : head.headcount,
              reported: head.headcount,
              received_at: answer?.received_at ?? new Date(this.now()).toISOString(),
              stale: !!answer?.stale,
            });
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

  /** Forget everything stored for this link. */
  clear(): void {
    this.write({ pending: [], confirmed: null });
  }

  private remove(requestId: string, confirmed: ConfirmedReport | null): void {
    const s = this.read();
    s.pending = s.pending.filter((r) => r.request_id !== requestId);
    if (confirmed) s.confirmed = confirmed;
    this.write(s);
  }

  private read(): QueueState {
    if (this.storage && !this.storageBroken) {
      try {
        const raw = this.storage.getItem(this.key);
        if (raw !== null) return parseState(raw);
      } catch {
        /* fall back to memory */
      }
    }
    return { pending: [...this.memory.pending], confirmed: this.memory.confirmed };
  }

  private write(s: QueueState): void {
    this.memory = { pending: [...s.pending], confirmed: s.confirmed };
    if (this.storage && !this.storageBroken) {
      try {
        if (s.pending.length === 0 && !s.confirmed) this.storage.removeItem(this.key);
        else this.storage.setItem(this.key, JSON.stringify(s));
      } catch {
        /* quota or private mode: from now on the memory copy is the truth */
        this.storageBroken = true;
      }
    }
    this.onChange?.(this.read());
  }
}

export interface FlushLoopOptions<R = FlushResult> {
  now?: () => number;
  random?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  /** A flush starts. */
  onStart?: () => void;
  /** A flush ended; `retryInMs` is set when another attempt is scheduled. */
  onResult?: (result: R, retryInMs: number | null) => void;
}

/**
 * Keeps a queue flowing: `run()` flushes now; after a retryable failure the next attempt is scheduled
 * (`retryDelay`), and while a server's Retry-After runs no trigger (a new report, `online`, a socket
 * reconnect) sends anything: the reports wait, in order, and all go when it has passed.
 */
/** What FlushLoop drives: ReportQueue (headcounts) or SiteQueue (any site POST). */
export interface Flushable<R> {
  pending(): readonly unknown[];
  flush(): Promise<R>;
}

export class FlushLoop<R extends { stopped: FlushResult["stopped"] } = FlushResult> {
  private readonly queue: Flushable<R>;
  private readonly opts: FlushLoopOptions<R>;
  private attempt = 0;
  private timer: unknown = null;
  private notBefore = 0;
  private active = true;
  private refused = false;

  constructor(queue: Flushable<R>, opts: FlushLoopOptions<R> = {}) {
    this.queue = queue;
    this.opts = opts;
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  /** Flush now, unless the server asked to wait (then the scheduled attempt stands). */
  run(): void {
    if (!this.active || this.refused) return;
    if (this.now() < this.notBefore) return;
    this.cancel();
    if (this.queue.pending().length === 0) return;
    this.opts.onStart?.();
    void this.queue.flush().then((result) => {
      if (!this.active) return;
      let retryIn: number | null = null;
      if (!result.stopped) {
        this.attempt = 0;
      } else if (result.stopped.outcome === "unauthorized") {
        this.refused = true;
      } else {
        const error = result.stopped.error;
        retryIn = retryDelay(error, this.attempt++, this.opts.random);
        if (error.retryAfter !== undefined && (error.status === 429 || error.status === 503)) this.notBefore = this.now() + retryIn;
        this.cancel();
        const setTimer = this.opts.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
        this.timer = setTimer(() => {
          this.timer = null;
          this.notBefore = 0;
          this.run();
        }, retryIn);
      }
      this.opts.onResult?.(result, retryIn);
    });
  }

  /** The network is back: the next failure starts the backoff from the beginning. */
  resetBackoff(): void {
    this.attempt = 0;
  }

  /** (Re)start after `stop()`, e.g. when the page mounts again. */
  start(): void {
    this.active = true;
    this.refused = false;
  }

  /** Stop retrying (the page went away). */
  stop(): void {
    this.active = false;
    this.cancel();
    this.notBefore = 0;
  }

  private cancel(): void {
    if (this.timer !== null) {
      const clearTimer = this.opts.clearTimer ?? ((h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>));
      clearTimer(this.timer);
      this.timer = null;
    }
  }
}
