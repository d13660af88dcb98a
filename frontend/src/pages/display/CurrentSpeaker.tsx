/**
 * The floor on the big screen: the current speaker, their site, a countdown of the planned time
 * (mm:ss, red once past it) and the next ones. Nothing when nobody speaks or waits.
 */
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { LiveSpeaking } from "../../api/types";

/** Seconds left of `planned` since `startedAt` at `now` (negative once past). */
export function secondsLeft(startedAt: string | null, planned: number, now: number): number {
  if (!startedAt) return planned;
  const started = Date.parse(startedAt);
  if (!Number.isFinite(started)) return planned;
  return planned - Math.floor(Math.max(0, now - started) / 1000);
}

/** mm:ss of a count of seconds; past the planned time it reads +mm:ss. */
export function formatCountdown(seconds: number): string {
  const abs = Math.abs(seconds);
  const mm = String(Math.floor(abs / 60)).padStart(2, "0");
  const ss = String(abs % 60).padStart(2, "0");
  return `${seconds < 0 ? "+" : ""}${mm}:${ss}`;
}

function useTick(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, [active]);
  return now;
}

export function CurrentSpeaker({ speaking }: { speaking: LiveSpeaking | null }) {
  const { t } = useTranslation();
  const current = speaking?.current ?? null;
  const next = speaking?.next ?? [];
  const now = useTick(!!current);
  if (!current && !next.length) return null;
  const left = current ? secondsLeft(current.started_at, current.planned_seconds, now) : 0;
  return (
    <section className="display-speaker" aria-label={t("speaking.display.heading")} data-testid="display-speaking">
      {current ? (
        <div className="display-speaker-now">
          <span className="display-now-label">{t("speaking.display.now")}</span>
          <span className="display-speaker-name" data-testid="display-speaker-name">
            {current.speaker_name}
          </span>
          {current.speaker_title && <span className="display-speaker-title">{current.speaker_title}</span>}
          <span className="display-speaker-site" data-testid="display-speaker-site">
            {current.site_name ?? t("display.mainHall")}
          </span>
          <span
            className={`display-countdown${left < 0 ? " is-over" : ""}`}
            data-testid="display-countdown"
            data-over={left < 0 ? "true" : "false"}
            role="timer"
            aria-label={t(left < 0 ? "speaking.display.over" : "speaking.display.left", { time: formatCountdown(left) })}
          >
            {formatCountdown(left)}
          </span>
        </div>
      ) : null}
      {next.length > 0 && (
        <div className="display-speaker-next">
          <span className="display-now-label">{t("speaking.display.next")}</span>
          <ol data-testid="display-speaker-next">
            {next.map((n, i) => (
              <li key={i}>
                {n.speaker_name} <span className="muted">— {n.site_name ?? t("display.mainHall")}</span>
              </li>
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}
