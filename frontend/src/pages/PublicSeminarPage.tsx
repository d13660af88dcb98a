import { useEffect } from "react";
import { Link, useParams } from "react-router";
import { useTranslation } from "react-i18next";
import { useQuery } from "@tanstack/react-query";
import { ApiError } from "../api/client";
import { apiUrl, publicApi } from "../api/http";
import { queryKeys } from "../api/queryKeys";
import type { PublicSeminar } from "../api/types";
import { ErrorMessage, Loading } from "../components/Feedback";
import { PublicLayout } from "../components/Layout";
import { StatusBadge } from "../components/StatusBadge";
import { DEFAULT_TZ, formatDate, formatDateTime, formatNumber, formatTime } from "../lib/format";

const DASH = "—";

/** "19/07/2025 08:00 – 11:30", or with both dates when it runs over a day. */
function timeRange(s: PublicSeminar, tz: string): string {
  const start = formatDateTime(s.starts_at, tz);
  if (!s.ends_at) return start || DASH;
  const end = formatDate(s.ends_at, tz) === formatDate(s.starts_at, tz) ? formatTime(s.ends_at, tz) : formatDateTime(s.ends_at, tz);
  return `${start} – ${end}`;
}

function Figures({ s }: { s: PublicSeminar }) {
  const { t } = useTranslation();
  const totals = s.totals;
  if (!totals) return null;
  const live = s.status === "live";
  const ended = s.status === "ended";
  return (
    <section aria-labelledby="public-figures-h" className="public-figures">
      <h2 id="public-figures-h">{t("public.figuresHeading")}</h2>
      <div className="stats" aria-live="polite">
        {live || ended ? (
          <div className="stat" data-testid="public-sites-connected">
            <span className="stat-value">
              {formatNumber(totals.sites_connected)}
              <span className="stat-of"> / {formatNumber(totals.sites_invited)}</span>
            </span>
            <span className="stat-label">{t("public.sitesConnectedOfInvited")}</span>
          </div>
        ) : (
          <div className="stat" data-testid="public-sites-registered">
            <span className="stat-value">
              {formatNumber(totals.sites_registered)}
              <span className="stat-of"> / {formatNumber(totals.sites_invited)}</span>
            </span>
            <span className="stat-label">{t("public.sitesRegisteredOfInvited")}</span>
          </div>
        )}
        {live && (
          <div className="stat" data-testid="public-people">
            <span className="stat-value">{formatNumber(totals.headcount)}</span>
            <span className="stat-label">{t("public.peopleNow")}</span>
          </div>
        )}
        {ended && (
          <div className="stat" data-testid="public-people">
            <span className="stat-value">{formatNumber(totals.peak_headcount)}</span>
            <span className="stat-label">{t("public.peoplePeak")}</span>
            {totals.peak_at && <span className="stat-sub">{t("report.peakAt", { time: formatDateTime(totals.peak_at, s.timezone ?? DEFAULT_TZ) })}</span>}
          </div>
        )}
        {!live && !ended && totals.expected_attendance != null && (
          <div className="stat">
            <span className="stat-value">{formatNumber(totals.expected_attendance)}</span>
            <span className="stat-label">{t("public.expected")}</span>
          </div>
        )}
      </div>
    </section>
  );
}

function Agenda({ s, tz }: { s: PublicSeminar; tz: string }) {
  const { t } = useTranslation();
  const items = [...(s.agenda ?? [])].sort((a, b) => a.position - b.position || a.id - b.id);
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="public-agenda-h">
      <h2 id="public-agenda-h">{t("agenda.heading")}</h2>
      <ol className="public-agenda" data-testid="public-agenda">
        {items.map((it) => {
          const running = s.status === "live" && !!it.started_at && !it.ended_at;
          const start = it.planned_start ? formatTime(it.planned_start, tz) : "";
          const end =
            it.planned_start && it.planned_minutes != null ? formatTime(new Date(Date.parse(it.planned_start) + it.planned_minutes * 60_000), tz) : "";
          return (
            <li key={it.id} className={running ? "is-live" : undefined} aria-current={running ? "step" : undefined}>
              <span className="public-agenda-time">{start ? (end ? `${start} – ${end}` : start) : DASH}</span>
              <span className="public-agenda-main">
                <span className="public-agenda-title">{it.title}</span>
                {it.speaker_name && <span className="muted">{` — ${it.speaker_name}`}</span>}
                {running && <> <span className="badge badge-active">{t("public.nowPresenting")}</span></>}
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

export function PublicSeminarPage() {
  const { slug = "" } = useParams();
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: queryKeys.public.seminar(slug),
    queryFn: () => publicApi.GET("/api/v1/public/seminars/{slug}", { params: { path: { slug } } }),
    retry: (count, e) => !(e instanceof ApiError && e.status === 404) && count < 2,
    // While it runs, the figures move: refresh now and then (the big screen has the second-by-second view).
    refetchInterval: (query) => (query.state.data?.status === "live" ? 30_000 : false),
  });
  const title = q.data?.title;
  useEffect(() => {
    if (title) document.title = `${title} — ${t("app.name")}`;
  }, [title, t]);

  let body: React.ReactNode;
  if (q.isPending) body = <Loading />;
  else if (q.error) {
    body =
      q.error instanceof ApiError && q.error.status === 404 ? (
        <section className="card" data-testid="public-not-found" role="alert">
          <h1>{t("public.notFoundTitle")}</h1>
          <p>{t("public.notFoundText")}</p>
        </section>
      ) : (
        <ErrorMessage error={q.error} onRetry={() => q.refetch()} />
      );
  } else {
    const s = q.data;
    const tz = s.timezone ?? DEFAULT_TZ;
    body = (
      <article className="card public-seminar" data-testid="public-seminar">
        <header className="public-head">
          <h1>{s.title}</h1>
          {s.status && <StatusBadge status={s.status} />}
        </header>
        <dl className="details">
          <dt>{t("public.time")}</dt>
          <dd data-testid="public-time">
            {timeRange(s, tz)}
            {tz !== DEFAULT_TZ && <span className="muted small"> ({tz})</span>}
          </dd>
          <dt>{t("seminar.venue")}</dt>
          <dd>{s.venue || DASH}</dd>
          {s.mode && (
            <>
              <dt>{t("seminar.mode")}</dt>
              <dd>{t(`mode.${s.mode}`)}</dd>
            </>
          )}
          <dt>{t("seminar.organizer_unit")}</dt>
          <dd>{s.organizer_unit || DASH}</dd>
        </dl>
        <div className="btn-row public-actions">
          <a className="btn btn-primary" href={apiUrl("/api/v1/seminars/{seminar_id}/calendar.ics", { seminar_id: s.id })} download={`${s.slug}.ics`} data-testid="add-to-calendar">
            {t("public.addToCalendar")}
          </a>
          <Link className="btn" to={`/display/${encodeURIComponent(s.slug)}`} data-testid="big-screen-link">
            {t("public.bigScreen")}
          </Link>
        </div>
        {s.description && <p className="prewrap">{s.description}</p>}
        <Figures s={s} />
        <Agenda s={s} tz={tz} />
      </article>
    );
  }
  return <PublicLayout>{body}</PublicLayout>;
}
