/**
 * React binding of ReportQueue for one site link: flushes on enqueue, on mount (reload), when the browser
 * comes back `online`, when the caller says the socket reconnected (`flush()`), and after a retryable failure
 * (`FlushLoop`: the server's Retry-After on 429/503, else backoff).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { publicApi, siteAuth } from "../api/http";
import type { HeadcountAnswer } from "../api/types";
import { FlushLoop, ReportQueue, storageKey, type QueueState, type QueuedReport, type SendError } from "./reportQueue";

export interface ReportQueueView {
  pending: QueuedReport[];
  confirmed: QueueState["confirmed"];
  /** Reports the server refused for good (409/422…), newest last; cleared on the next send. */
  rejected: { report: QueuedReport; error: SendError }[];
  /** The link is no longer valid (401/403). */
  unauthorized: boolean;
  /** Last attempt failed on the network or server; a retry is scheduled. */
  retrying: boolean;
  sending: boolean;
  submit: (headcount: number) => void;
  flush: () => void;
}

export function useReportQueue(token: string, onAnswer?: (a: HeadcountAnswer) => void): ReportQueueView {
  const onAnswerRef = useRef(onAnswer);
  useEffect(() => {
    onAnswerRef.current = onAnswer;
  }, [onAnswer]);
  const queue = useMemo(
    () =>
      new ReportQueue({
        key: storageKey(token),
        send: async (r) => {
          const a = await publicApi.POST("/api/v1/site/headcount", { body: r, headers: siteAuth(token) });
          onAnswerRef.current?.(a);
          return a;
        },
        onChange: (s) => setQs(s),
      }),
    [token],
  );
  const [qs, setQs] = useState<QueueState>(() => queue.state());
  const [rejected, setRejected] = useState<ReportQueueView["rejected"]>([]);
  const [unauthorized, setUnauthorized] = useState(false);
  const [retrying, setRetrying] = useState(false);
  const [sending, setSending] = useState(false);
  const loop = useMemo(
    () =>
      new FlushLoop(queue, {
        onStart: () => setSending(true),
        onResult: (res, retryIn) => {
          setSending(false);
          if (res.dropped.length) setRejected((prev) => [...prev, ...res.dropped].slice(-5));
          setUnauthorized(res.stopped?.outcome === "unauthorized");
          setRetrying(retryIn !== null);
        },
      }),
    [queue],
  );
  const flush = useCallback(() => loop.run(), [loop]);

  useEffect(() => {
    loop.start();
    setUnauthorized(false);
    setRejected([]);
    setQs(queue.state());
    loop.run(); // what a previous visit left behind
    const onOnline = () => {
      loop.resetBackoff();
      loop.run();
    };
    const onStorage = () => setQs(queue.state());
    window.addEventListener("online", onOnline);
    window.addEventListener("storage", onStorage);
    return () => {
      window.removeEventListener("online", onOnline);
      window.removeEventListener("storage", onStorage);
      loop.stop();
    };
  }, [queue, loop]);

  const submit = useCallback(
    (headcount: number) => {
      setRejected([]);
      queue.enqueue(headcount);
      loop.resetBackoff();
      loop.run();
    },
    [queue, loop],
  );

  return { pending: qs.pending, confirmed: qs.confirmed, rejected, unauthorized, retrying, sending, submit, flush };
}
