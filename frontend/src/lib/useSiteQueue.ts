/**
 * The site page's outbox: ONE SiteQueue + FlushLoop per site link, shared by every panel of the page (the
 * headcount, the technical check, incidents, speaking requests), so items leave in the order they were made
 * and never twice at once. Flushes on send, on mount (what a previous visit left), on `online`, and when the page says its
 * socket reconnected (`flush()`); retries per FlushLoop (Retry-After on 429/503, else backoff).
 *
 *   const outbox = useSiteQueue(token);
 *   const { request_id, settled } = outbox.send("/api/v1/site/incidents", { kind: "no_sound" });
 *   outbox.statusOf(request_id)   // "queued" → "Đang chờ gửi", "sent" → "Đã gửi", "rejected" → the error
 *   const outcome = await settled // { status: "sent", answer } | { status: "rejected", error: { status, message } }
 */
import { useCallback, useEffect, useSyncExternalStore } from "react";
import { publicApi, siteAuth } from "../api/http";
import { FlushLoop, type SendError } from "./flushLoop";
import {
  adoptLegacyHeadcounts,
  outcomeIn,
  SiteQueue,
  siteQueueKey,
  type SiteFlushResult,
  type SiteItemStatus,
  type SiteQueueBody,
  type SiteQueueItem,
  type SiteQueueOutcome,
  type SiteQueuePath,
  type SiteQueueState,
} from "./siteQueue";

export interface SiteOutboxSnapshot extends SiteQueueState {
  /** A request is on its way. */
  sending: boolean;
  /** The last attempt failed on the network or server; a retry is scheduled. */
  retrying: boolean;
  /** The link is no longer valid (401/403): nothing more is sent. */
  unauthorized: boolean;
}

/** One link's outbox (module-level: the page's panels share it). */
export class SiteOutbox {
  readonly queue: SiteQueue;
  private readonly loop: FlushLoop<SiteFlushResult>;
  private snapshot: SiteOutboxSnapshot;
  private readonly listeners = new Set<() => void>();
  private users = 0;
  private readonly onOnline = () => {
    this.loop.resetBackoff();
    this.loop.run();
  };
  private readonly onStorage = () => this.update({});

  constructor(token: string, send?: (item: SiteQueueItem) => Promise<unknown>) {
    adoptLegacyHeadcounts(typeof localStorage !== "undefined" ? localStorage : null, token);
    this.queue = new SiteQueue({
      key: siteQueueKey(token),
      send:
        send ??
        ((item) =>
          // The path is one of SiteQueuePath and the body was checked against it when queued.
          (publicApi.POST as unknown as (p: string, init: object) => Promise<unknown>)(item.path, {
            body: item.body,
            headers: siteAuth(token),
            ...(item.params ? { params: { path: item.params } } : {}),
          })),
      onChange: () => this.update({}),
    });
    this.snapshot = { ...this.queue.state(), sending: false, retrying: false, unauthorized: false };
    this.loop = new FlushLoop<SiteFlushResult>(this.queue, {
      onStart: () => this.update({ sending: true }),
      onResult: (res, retryIn) => this.update({ sending: false, retrying: retryIn !== null, unauthorized: res.stopped?.outcome === "unauthorized" }),
    });
  }

  getSnapshot = (): SiteOutboxSnapshot => this.snapshot;

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  /** A component using the outbox mounted: start listening for the network and send what is left. */
  attach(): () => void {
    if (this.users++ === 0) {
      this.loop.start();
      this.update({ unauthorized: false });
      if (typeof window !== "undefined") {
        window.addEventListener("online", this.onOnline);
        window.addEventListener("storage", this.onStorage);
      }
    }
    this.loop.run();
    return () => {
      if (--this.users === 0) {
        this.loop.stop();
        if (typeof window !== "undefined") {
          window.removeEventListener("online", this.onOnline);
          window.removeEventListener("storage", this.onStorage);
        }
      }
    };
  }

  send<P extends SiteQueuePath>(
    path: P,
    body: SiteQueueBody<P>,
    params?: Record<string, string | number>,
  ): { request_id: string; settled: Promise<SiteQueueOutcome> } {
    const item = this.queue.enqueue(path, body, params);
    const settled = this.queue.settled(item.request_id);
    this.loop.resetBackoff();
    this.loop.run();
    return { request_id: item.request_id, settled };
  }

  statusOf(requestId: string): SiteItemStatus {
    return this.queue.status(requestId);
  }

  flush(): void {
    this.loop.run();
  }

  private update(flags: Partial<Pick<SiteOutboxSnapshot, "sending" | "retrying" | "unauthorized">>): void {
    this.snapshot = { ...this.snapshot, ...this.queue.state(), ...flags };
    this.listeners.forEach((fn) => fn());
  }
}

const outboxes = new Map<string, SiteOutbox>();

/** The outbox of one site link (created on first use). */
export function siteOutbox(token: string): SiteOutbox {
  let o = outboxes.get(token);
  if (!o) {
    o = new SiteOutbox(token);
    outboxes.set(token, o);
  }
  return o;
}

export interface SiteQueueView extends SiteOutboxSnapshot {
  send: SiteOutbox["send"];
  statusOf: (requestId: string) => SiteItemStatus;
  /** The outcome of one item, if settled (for "Đã gửi" / the server's refusal). */
  outcomeOf: (requestId: string) => SiteQueueOutcome | undefined;
  flush: () => void;
}

export function useSiteQueue(token: string): SiteQueueView {
  const outbox = siteOutbox(token);
  const snap = useSyncExternalStore(outbox.subscribe, outbox.getSnapshot, outbox.getSnapshot);
  useEffect(() => outbox.attach(), [outbox]);
  const send = useCallback<SiteOutbox["send"]>((path, body, params) => outbox.send(path, body, params), [outbox]);
  const statusOf = useCallback(
    (id: string): SiteItemStatus =>
      snap.pending.some((i) => i.request_id === id) ? "queued" : (outcomeIn(snap.done, id)?.status ?? "unknown"),
    [snap],
  );
  const outcomeOf = useCallback((id: string) => outcomeIn(snap.done, id), [snap]);
  const flush = useCallback(() => outbox.flush(), [outbox]);
  return { ...snap, send, statusOf, outcomeOf, flush };
}

export type { SendError, SiteItemStatus, SiteQueueItem, SiteQueueOutcome, SiteQueuePath };
