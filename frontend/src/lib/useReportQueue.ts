/**
 * React binding of ReportQueue for one site link: flushes on enqueue, on mount (reload), when the browser
 * comes back `online`, when the caller says the socket reconnected (`flush()`), and with backoff after a
 * retryable failure.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { siteHeadcount } from "../api/endpoints";
import type { HeadcountAnswer } from "../api/types";
import { backoffDelay, ReportQueue, storageKey, type QueueState, type QueuedReport, type SendError } from "./reportQueue";

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
          const a = await siteHeadcount(token, r);
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
  const attempt = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const stopped = useRef(false);

  const flush = useCallback(() => {
    if (stopped.current) return;
    if (timer.current) {
      clearTimeout(timer.current);
      timer.current = null;
    }
    if (queue.pending().length === 0) return;
    setSending(true);
    void queue.flush().then((res) => {
      setSending(false);
      if (res.dropped.length) setRejected((prev) => [...prev, ...res.dropped].slice(-5));
      if (!res.stopped) {
        attempt.current = 0;
        setRetrying(false);
        return;
      }
      if (res.stopped.outcome === "unauthorized") {
        stopped.current = true;
        setUnauthorized(true);
        setRetrying(false);
        return;
      }
      setRetrying(true);
      const delay = backoffDelay(attempt.current++);
      timer.current = setTimeout(() => {
        timer.current = null;
        flush();
      }, delay);
    });
  }, [queue]);

  useEffect(() => {
    stopped.current = false;
    attempt.current = 0;
    setUnauthorized(false);
    setRejected([]);
    setQs(queue.state());
    flush(); // what a previous visit left behind
    const onOnline = () => {
      attempt.current = 0;
      flush();
    };
    const onStorage = () => setQs(queue.state());
    window.addEventListener("online", onOnline);
    window.addEventListener("storage", onStorage);
    return () => {
      window.removeEventListener("online", onOnline);
      window.removeEventListener("storage", onStorage);
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
    };
  }, [queue, flush]);

  const submit = useCallback(
    (headcount: number) => {
      setRejected([]);
      queue.enqueue(headcount);
      attempt.current = 0;
      flush();
    },
    [queue, flush],
  );

  return { pending: qs.pending, confirmed: qs.confirmed, rejected, unauthorized, retrying, sending, submit, flush };
}
