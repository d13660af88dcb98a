/**
 * Organizer live dashboard, level by level: the scope's figures, its child sites each with its subtree's
 * figures (a site with children opens its level), the sites of the scope's subtree not yet checked in with
 * their coordinators' phones, manual headcount override, agenda start/end.
 */
import { useEffect, useMemo, useRef, useState } from "react";
import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/http";
import { queryKeys } from "../../api/queryKeys";
import type { LiveSiteRow, LiveStaffSiteRow, LiveTotals, Seminar } from "../../api/types";
import { EmptyState, ErrorMessage, Loading, Notice } from "../../components/Feedback";
import { compareVi, formatDateTime, formatNumber, formatTime } from "../../lib/format";
import { breadcrumb, scopeTitle } from "../../lib/liveLevels";
import { useLiveView } from "../../lib/useLiveView";
import { FILTERS, filterOf, LevelTable, type Filter } from "./LiveLevelTable";
import { WaitingList } from "./LiveWaitingList";
import { agendaState, AgendaStartEndButtons, useAgendaAction, useAgendaItems } from "./agendaShared";

function LiveAgenda({ seminar, currentId }: { seminar: Seminar; currentId: number | null | undefined }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const q = useAgendaItems(seminar.id);
  const act = useAgendaAction(seminar.id, setError);
  const refetch = q.refetch;
  // Started/ended elsewhere (another organizer): the socket tells us; refresh our copy.
  useEffect(() => {
    if (currentId !== undefined) void refetch();
  }, [currentId, refetch]);
  const items = q.data ?? [];
  return (
    <section className="card live-agenda" aria-labelledby="live-agenda-heading">
      <h3 id="live-agenda-heading">{t("live.agendaHeading")}</h3>
      {q.isPending && <Loading />}
      {q.error && <ErrorMessage error={q.error} onRetry={() => q.refetch()} />}
      {error ? <ErrorMessage error={error} /> : null}
      {q.data && items.length === 0 && <EmptyState>{t("agenda.empty")}</EmptyState>}
      <ol className="live-agenda-list">
        {items.map((it) => {
          const state = agendaState(it);
          return (
            <li key={it.id} className={`live-agenda-item is-${state}`} aria-current={state === "running" ? "true" : undefined}>
              <span className="live-agenda-time">{formatTime(it.planned_start, seminar.timezone) || "—"}</span>
              <span className="live-agenda-main">
                {state === "running" && <span className="badge badge-live">{t("agenda.nowPresenting")}</span>}
                {state === "done" && <span className="badge badge-ended">{t("agenda.done")}</span>}
                <span className="agenda-title">{it.title}</span>
                {it.speaker_name && <span className="muted small">{[it.speaker_name, it.speaker_unit].filter(Boolean).join(" — ")}</span>}
              </span>
              <span className="live-agenda-actions">
                <AgendaStartEndButtons item={it} act={act} />
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
export function LiveTab({ seminar }: { seminar: Seminar }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const tz = seminar.timezone;
  // A member limited to a subtree starts there and cannot go above it.
  const floor = seminar.my_subtree ? { id: seminar.my_subtree.id, name: seminar.my_subtree.name } : null;
  const [scope, setScope] = useState<number | null>(floor?.id ?? null);
  const [filter, setFilter] = useState<Filter>("all");
  const [editing, setEditing] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const viewable = seminar.status === "published" || seminar.status === "live" || seminar.status === "ended";
  const live = useLiveView({ seminarId: seminar.id, scope, enabled: viewable });
  const liveOk = live.connection === "connected" && live.synced;
  // The socket's state belongs to this scope once its snapshot came (a scope change resets it).
  const liveHere = live.synced && live.state.scope === scope;

  const q = useQuery({
    queryKey: queryKeys.seminar.attendance(seminar.id, scope),
    queryFn: () =>
      api.GET("/api/v1/seminars/{seminar_id}/attendance", { params: { path: { seminar_id: seminar.id }, query: { scope: scope ?? undefined } } }),
    // Coordinator details, last report times and peak_at come from HTTP; the socket carries the rest.
    refetchInterval: liveOk ? 30_000 : 10_000,
  });

  // Deltas arrive up to 4 times a second: refresh the HTTP views at most every 3 s while they do.
  const throttle = useRef<ReturnType<typeof setTimeout> | null>(null);
  const version = live.state.version;
  useEffect(() => {
    if (version === null || throttle.current) return;
    throttle.current = setTimeout(() => {
      throttle.current = null;
      void queryClient.invalidateQueries({ queryKey: queryKeys.seminar.attendance(seminar.id) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.seminar.sites(seminar.id) });
    }, 3000);
  }, [version, queryClient, seminar.id]);
  useEffect(
    () => () => {
      if (throttle.current) clearTimeout(throttle.current);
      throttle.current = null;
    },
    [],
  );

  // Rows: the HTTP answer (with coordinators) updated by the socket's newer figures. Only this level's
  // rows: nothing else is downloaded, whichever of the two answers first.
  const rows: LiveStaffSiteRow[] = useMemo(() => {
    const http = q.data?.sites ?? [];
    const liveSites: Map<number, LiveSiteRow> = liveHere ? live.state.sites : new Map();
    const merged: LiveStaffSiteRow[] = http.map((r) => {
      const l = liveSites.get(r.id);
      return l ? { ...r, ...l } : r;
    });
    const known = new Set(http.map((r) => r.id));
    for (const l of liveSites.values()) {
      if (!known.has(l.id)) merged.push({ ...l, expected_attendees: null, checked_in_at: null, last_report_at: null, coordinator_name: null, coordinator_phone: null });
    }
    return merged.sort((a, b) => Number(b.is_main) - Number(a.is_main) || compareVi(a.name, b.name) || a.id - b.id);
  }, [q.data, liveHere, live.state.sites]);

  const path = (liveHere ? live.state.path : null) ?? q.data?.path ?? [];
  const crumbs = breadcrumb(scope, path, { rootLabel: t("display.wholeSeminar"), floor });
  const scopeName = scopeTitle(scope, path) ?? (scope === floor?.id ? floor.name : null);

  const totals: LiveTotals | null = liveHere && live.state.totals ? { ...q.data?.totals, ...live.state.totals } : (q.data?.totals ?? null);
  const counts = useMemo(() => {
    const c: Record<Filter, number> = { all: rows.length, connected: 0, lost: 0, pending: 0, declined: 0 };
    for (const r of rows) c[filterOf(r.status)] += 1;
    return c;
  }, [rows]);
  const shown = filter === "all" ? rows : rows.filter((r) => filterOf(r.status) === filter);
  const goScope = (target: number | null) => {
    setScope(target);
    setEditing(null);
    setNotice(null);
  };

  return (
    <div className="live-tab" data-testid="live-tab">
      <div className="section-head">
        <h2>{t("live.heading")}</h2>
        <div className="btn-row">
          {viewable && (
            <span className={`badge ${liveOk ? "badge-live" : "badge-invited"}`} role="status" data-testid="live-connection">
              {liveOk ? t("live.connected") : live.connection === "refused" ? t("live.refused") : t("live.reconnecting")}
            </span>
          )}
          <Link to={`/display/${seminar.slug}${scope !== null ? `?scope=${scope}` : ""}`} className="btn btn-small" target="_blank" rel="noopener">
            {t("overview.displayPage")}
          </Link>
        </div>
      </div>
      {!viewable && <Notice kind="info">{t("live.notPublished")}</Notice>}

      <nav className="breadcrumb live-crumbs" aria-label={t("nav.breadcrumb")} data-testid="live-crumbs">
        {crumbs.map((c, i) => (
          <span key={c.scope ?? "top"}>
            {i > 0 && <span aria-hidden="true">{" › "}</span>}
            {c.current ? (
              <span aria-current="page">{c.name}</span>
            ) : (
              <button type="button" className="link-button" onClick={() => goScope(c.scope)}>
                {c.name}
              </button>
            )}
          </span>
        ))}
      </nav>

      <div className="stats live-stats" aria-live="polite">
        <div className="stat">
          <span className="stat-value" data-testid="headcount-total">
            {formatNumber(totals?.headcount ?? 0)}
          </span>
          <span className="stat-label">{t("live.peoplePresent")}</span>
        </div>
        <div className="stat">
          <span className="stat-value">
            <span data-testid="sites-connected">{formatNumber(totals?.sites_connected ?? 0)}</span>
            <span className="stat-of">/{formatNumber(totals?.sites_invited ?? 0)}</span>
          </span>
          <span className="stat-label">{t("display.sitesConnectedOfInvited")}</span>
        </div>
        <div className="stat">
          <span className="stat-value" data-testid="sites-waiting">
            {formatNumber(totals?.sites_waiting ?? 0)}
          </span>
          <a className="stat-label" href="#live-waiting-heading">
            {t("live.sitesWaiting")} ↓
          </a>
        </div>
        <div className="stat">
          <span className="stat-value">{formatNumber(totals?.peak_headcount ?? 0)}</span>
          <span className="stat-label">
            {t("live.peak")}
            {q.data?.totals.peak_at ? ` · ${formatDateTime(q.data.totals.peak_at, tz)}` : ""}
          </span>
        </div>
        {totals?.expected_attendance ? (
          <div className="stat">
            <span className="stat-value">{formatNumber(totals.expected_attendance)}</span>
            <span className="stat-label">{t("seminar.expected_attendance")}</span>
          </div>
        ) : null}
      </div>

      <LiveAgenda seminar={seminar} currentId={live.synced ? (live.state.current?.id ?? null) : undefined} />

      <section aria-labelledby="live-sites-heading">
        <div className="section-head">
          <h3 id="live-sites-heading">{scopeName ? t("live.sitesUnder", { name: scopeName }) : t("live.sitesHeading")}</h3>
        </div>
        <div className="filter-chips" role="group" aria-label={t("sitesTab.filter")}>
          {FILTERS.map((f) => (
            <button key={f} type="button" className={`chip${filter === f ? " is-active" : ""}`} aria-pressed={filter === f} onClick={() => setFilter(f)} data-testid={`live-filter-${f}`}>
              {t(`live.filter_${f}`, { n: formatNumber(counts[f]) })}
            </button>
          ))}
        </div>
        {notice && <Notice kind="success">{notice}</Notice>}
        <LevelTable
          seminar={seminar}
          rows={q.data || liveHere ? shown : undefined}
          error={q.error}
          onRetry={() => void q.refetch()}
          editing={editing}
          onEdit={(id) => {
            setNotice(null);
            setEditing(id);
          }}
          onDone={(msg) => {
            setEditing(null);
            setNotice(msg || null);
          }}
          onOpen={goScope}
        />
      </section>

      <WaitingList key={scope ?? "top"} seminarId={seminar.id} scope={scope} scopeName={scopeName} />
    </div>
  );
}
