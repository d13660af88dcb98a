/**
 * "Kiểm tra kỹ thuật": the site's technical check, from the seminar's `techcheck_opens_at` until the start.
 *
 * The page measures its own round trip to the server over the socket: a short-lived socket with the site's
 * token (a second connection of the site is harmless: presence counts connections) sends `resync`, the one
 * event a client may send, with an acknowledgement; the time to the ack is the round trip (median of
 * three). The coordinator then says whether picture, sound and line are fine ("Tốt") or not ("Có vấn đề"),
 * with a note, and sends it through the page's outbox (src/lib/useSiteQueue.ts): POST /site/techcheck with
 * a request_id, kept on the phone until delivered, sent again when the line returns, counted once.
 * Self-contained: props are the site's token and its context (GET /site).
 */
import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useQueryClient } from "@tanstack/react-query";
import { io } from "socket.io-client";
import { queryKeys } from "../../api/queryKeys";
import type { SiteContext } from "../../api/types";
import { formatDateTime, formatNumber } from "../../lib/format";
import type { SiteQueueAnswer } from "../../lib/siteQueue";
import { useSiteQueue } from "../../lib/useSiteQueue";
import { SiteSendStatus } from "./SiteSendStatus";

const CHECKS = ["video", "audio", "network"] as const;
type Check = (typeof CHECKS)[number];
type Result = "ok" | "problem";
const PINGS = 3;
const PING_TIMEOUT_MS = 5000;

/** Whether the check is open now: from the opening time while the seminar has not started or ended. */
export function techCheckOpen(ctx: SiteContext, now: number = Date.now()): boolean {
  const s = ctx.seminar;
  return s.status === "published" && now >= new Date(s.techcheck_opens_at).getTime();
}

/** The median round trip (ms) of `resync` acks over a short-lived site socket; null if it fails. */
async function measureRtt(token: string): Promise<number | null> {
  const socket = io("/live", { path: "/socket.io", auth: { site_token: token }, transports: ["websocket"], reconnection: false });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("timeout")), PING_TIMEOUT_MS);
      socket.once("connect", () => (clearTimeout(timer), resolve()));
      socket.once("connect_error", (e) => (clearTimeout(timer), reject(e)));
    });
    const times: number[] = [];
    for (let i = 0; i < PINGS; i++) {
      const start = performance.now();
      await socket.timeout(PING_TIMEOUT_MS).emitWithAck("resync");
      times.push(Math.round(performance.now() - start));
    }
    times.sort((a, b) => a - b);
    return Math.min(times[Math.floor(times.length / 2)], 60_000);
  } catch {
    return null;
  } finally {
    socket.disconnect();
  }
}

/** Ticks every `ms` so that a time-based condition (the check opening) is re-evaluated. */
function useNow(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}

export function SiteTechCheck({ token, ctx }: { token: string; ctx: SiteContext }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const now = useNow(30_000);
  const [rtt, setRtt] = useState<number | null | undefined>(undefined); // undefined: measuring
  const [answers, setAnswers] = useState<Partial<Record<Check, Result>>>({});
  const [note, setNote] = useState("");
  const [requestId, setRequestId] = useState<string | null>(null); // the last check sent
  const outbox = useSiteQueue(token);
  const [missing, setMissing] = useState(false);
  const open = techCheckOpen(ctx, now);
  const tz = ctx.seminar.timezone;

  const measure = () => {
    setRtt(undefined);
    void measureRtt(token).then(setRtt);
  };
  useEffect(() => {
    if (open) measure();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once when the check opens
  }, [open, token]);

  const send = () => {
    const { request_id, settled } = outbox.send("/api/v1/site/techcheck", {
      video: answers.video!,
      audio: answers.audio!,
      network: answers.network!,
      note: note.trim() || null,
      rtt_ms: rtt ?? null,
      reported_at: new Date().toISOString(),
    });
    setRequestId(request_id);
    void settled.then((outcome) => {
      if (outcome.status !== "sent") return;
      const row = outcome.answer as SiteQueueAnswer<"/api/v1/site/techcheck">;
      queryClient.setQueryData<SiteContext>(queryKeys.siteContext(token), (old) =>
        old ? { ...old, participation: { ...old.participation, readiness: row.readiness, techcheck_at: row.checked_at } } : old,
      );
    });
  };
  const pending = !!requestId && outbox.statusOf(requestId) === "queued";

  if (!open) return null;
  const part = ctx.participation;
  const anyProblem = CHECKS.some((k) => answers[k] === "problem");
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const complete = CHECKS.every((k) => answers[k]);
    setMissing(!complete);
    if (complete) send();
  };
  return (
    <section className="card techcheck" aria-labelledby="techcheck-heading" data-testid="techcheck">
      <h2 id="techcheck-heading">{t("techcheck.heading")}</h2>
      {part.readiness !== "unchecked" && (
        <p
          className={`alert ${part.readiness === "ready" ? "alert-success" : "alert-warning"}`}
          role="status"
          data-testid="techcheck-result"
          data-readiness={part.readiness}
        >
          {part.readiness === "ready" ? t("techcheck.resultReady") : t("techcheck.resultProblem")}
          {part.techcheck_at ? ` (${formatDateTime(part.techcheck_at, tz)})` : ""}
        </p>
      )}
      <p className="techcheck-rtt" data-testid="techcheck-rtt">
        {t("techcheck.rtt")}:{" "}
        <strong>
          {rtt === undefined ? t("techcheck.measuring") : rtt === null ? t("techcheck.rttFailed") : t("techcheck.ms", { n: formatNumber(rtt) })}
        </strong>{" "}
        <button type="button" className="btn btn-small" onClick={measure} disabled={rtt === undefined} data-testid="techcheck-remeasure">
          {t("techcheck.remeasure")}
        </button>
      </p>
      <form onSubmit={onSubmit} noValidate>
        {CHECKS.map((k) => (
          <fieldset key={k} className="techcheck-row" data-testid={`techcheck-${k}`}>
            <legend>{t(`techcheck.${k}`)}</legend>
            {(["ok", "problem"] as const).map((v) => (
              <label key={v} className={`techcheck-choice techcheck-${v}${answers[k] === v ? " is-chosen" : ""}`}>
                <input
                  type="radio"
                  name={`techcheck-${k}`}
                  value={v}
                  checked={answers[k] === v}
                  onChange={() => setAnswers((a) => ({ ...a, [k]: v }))}
                />
                {v === "ok" ? t("techcheck.ok") : t("techcheck.problem")}
              </label>
            ))}
          </fieldset>
        ))}
        {anyProblem && (
          <label className="field">
            <span>{t("techcheck.note")}</span>
            <textarea value={note} maxLength={1000} rows={3} onChange={(e) => setNote(e.target.value)} data-testid="techcheck-note" />
          </label>
        )}
        {missing && (
          <p className="field-error" role="alert">
            {t("techcheck.answerAll")}
          </p>
        )}
        <SiteSendStatus outbox={outbox} requestId={requestId} />
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={pending} data-testid="techcheck-send">
            {t("techcheck.send")}
          </button>
        </div>
      </form>
    </section>
  );
}
