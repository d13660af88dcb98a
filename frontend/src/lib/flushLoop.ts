/**
 * When the site page's outbox (src/lib/siteQueue.ts) sends again: how a failed send is treated, the backoff,
 * the server's Retry-After, and `FlushLoop`, which keeps a queue flowing.
 */
/** Something that went wrong sending one item. `status` 0 = network. */
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

export function toSendError(e: unknown): SendError {
  if (e && typeof e === "object" && "status" in e && typeof (e as { status: unknown }).status === "number") {
    const err = e as { status: number; message?: unknown; retryAfter?: unknown };
    const out: SendError = { status: err.status, message: typeof err.message === "string" ? err.message : undefined };
    if (typeof err.retryAfter === "number" && Number.isFinite(err.retryAfter)) out.retryAfter = err.retryAfter;
    return out;
  }
  return { status: 0, message: e instanceof Error ? e.message : undefined };
}

export interface FlushLoopOptions<R> {
  now?: () => number;
  random?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  /** A flush starts. */
  onStart?: () => void;
  /** A flush ended; `retryInMs` is set when another attempt is scheduled. */
  onResult?: (result: R, retryInMs: number | null) => void;
}

/** What FlushLoop drives (a SiteQueue). */
export interface Flushable<R> {
  pending(): readonly unknown[];
  flush(): Promise<R>;
}

/**
 * Keeps a queue flowing: `run()` flushes now; after a retryable failure the next attempt is scheduled
 * (`retryDelay`), and while a server's Retry-After runs no trigger (a new item, `online`, a socket
 * reconnect) sends anything: the items wait, in order, and all go when it has passed.
 */
export class FlushLoop<R extends { stopped: null | { outcome: "retry" | "unauthorized"; error: SendError } }> {
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
