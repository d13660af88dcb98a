/**
 * The big screen (/display/<slug>?scope=<site id>): a level of the seminar tree with its totals, the item
 * presenting now, and the level's sites with their subtrees' figures, 20 a page, turning every 10 s. A site
 * with children opens its level (?scope=); a province runs its own screen of its own subtree that way.
 */
import { useEffect, useMemo, useState } from "react";
import { useNavigate, useParams, useSearchParams } from "react-router";
import { useTranslation } from "react-i18next";
import { useQuery } from "@tanstack/react-query";
import { ApiError, publicApi } from "../api/http";
import { queryKeys } from "../api/queryKeys";
import { useErrorMessage } from "../components/Feedback";
import { compareVi, DEFAULT_TZ, formatDate, formatNumber, formatTime } from "../lib/format";
import type { LiveAgendaItem, LiveSiteRow, LiveTotals } from "../api/types";
import { autoRootOf, breadcrumb, pageOf, parentScope, ratio, rowsPerColumn, scopeTitle } from "../lib/liveLevels";
import { siteHeadcount } from "../lib/liveView";
import { useAnimatedNumber } from "../lib/useAnimatedNumber";
import { useLiveView } from "../lib/useLiveView";
import { CurrentSpeaker } from "./display/CurrentSpeaker";
import { DisplayPoll } from "./display/DisplayPoll";
import { PUBLIC_EVENTS, publicEvents } from "../lib/eventBus";

// Messages a panel shows beside the figures (a poll shown live) reach it through `publicEvents`.
const PUBLIC_FORWARD = publicEvents.forward(PUBLIC_EVENTS);

/** Rows per page at most: two columns of ten on a projector, one column on a phone. */
export const ROWS_PER_PAGE = 20;
const PAGE_MS = 10_000;

function BigNumber({ value, testId }: { value: number; testId: string }) {
  const shown = useAnimatedNumber(value);
  return (
    <span className="display-big" data-testid={testId} data-value={value}>
      {formatNumber(shown)}
    </span>
  );
}

function useNow(ms = 15_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const id = setInterval(() => setNow(new Date()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}

/** A row's height in em (its line, padding and gap): how many fit decides the rows per column. */
const ROW_EM = 1.9;

/**
 * Two columns of up to ten rows on a wide screen (as many as its height holds), one column of
 * ROWS_PER_PAGE on a phone (the page scrolls there). Re-measured on resize.
 */
function useRowsLayout(el: HTMLElement | null): { columns: number; perColumn: number } {
  const [layout, setLayout] = useState({ columns: 2, perColumn: ROWS_PER_PAGE / 2 });
  useEffect(() => {
    if (!el) return;
    const narrow = typeof window.matchMedia === "function" ? window.matchMedia("(max-width: 900px)") : null;
    const measure = () => {
      const next = narrow?.matches
        ? { columns: 1, perColumn: ROWS_PER_PAGE }
        : { columns: 2, perColumn: rowsPerColumn(el.clientHeight, (parseFloat(getComputedStyle(el).fontSize) || 16) * ROW_EM) };
      setLayout((l) => (l.columns === next.columns && l.perColumn === next.perColumn ? l : next));
    };
    measure();
    if (typeof ResizeObserver === "undefined") {
      window.addEventListener("resize", measure);
      return () => window.removeEventListener("resize", measure);
    }
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [el]);
  return layout;
}

/** One child of the level: its name, its subtree's sites connected of invited (or its own status), its subtree's headcount. */
function LevelRow({ site, onOpen }: { site: LiveSiteRow; onOpen?: () => void }) {
  const { t } = useTranslation();
  const branch = site.children > 0;
  const content = (
    <>
      <span className="drow-name">
        {site.is_main && <span className="tile-main">{t("display.mainHall")}</span>}
        {site.name}
      </span>
      <span className="drow-sites">
        {branch ? (
          <>
            <span className="drow-bar" aria-hidden="true">
              <span style={{ width: `${Math.round(ratio(site.sites_connected, site.sites_invited) * 100)}%` }} />
            </span>
            <span className="drow-of">
              {formatNumber(site.sites_connected)}/{formatNumber(site.sites_invited)}
            </span>
          </>
        ) : (
          <span className="tile-status">
            <span className="tile-dot" aria-hidden="true" />
            {t(`status.site.${site.status}`, { defaultValue: site.status })}
          </span>
        )}
      </span>
      <span className="drow-count" data-testid="row-headcount">
        {formatNumber(siteHeadcount(site))}
      </span>
      {branch && (
        <span className="drow-open" aria-hidden="true">
          ›
        </span>
      )}
    </>
  );
  const cls = `drow tile-${site.status}${site.is_main ? " tile-is-main" : ""}${branch ? " drow-branch" : ""}`;
  return onOpen ? (
    <button type="button" className={`${cls} drow-link`} onClick={onOpen} data-testid="display-row" data-site-id={site.id} aria-label={t("display.openScope", { name: site.name })}>
      {content}
    </button>
  ) : (
    <div className={cls} data-testid="display-row" data-site-id={site.id}>
      {content}
    </div>
  );
}

function NowPresenting({ current }: { current: LiveAgendaItem | null }) {
  const { t } = useTranslation();
  return (
    <section className="display-now" aria-label={t("display.nowPresenting")}>
      <span className="display-now-label">{t("display.nowPresenting")}</span>
      <div className="display-now-body" data-testid="now-presenting">
        {current ? (
          <>
            <span className="display-now-title">{current.title}</span>
            {(current.speaker_name || current.speaker_unit) && (
              <span className="display-now-speaker">
                {current.speaker_name}
                {current.speaker_name && current.speaker_unit ? " — " : ""}
                {current.speaker_unit}
              </span>
            )}
          </>
        ) : (
          <span className="display-now-none">{t("display.nothingNow")}</span>
        )}
      </div>
    </section>
  );
}

export function DisplayPage() {
  const { slug = "" } = useParams();
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const scopeParam = params.get("scope");
  const scope = scopeParam && /^\d+$/.test(scopeParam) ? Number(scopeParam) : null;

  const q = useQuery({
    queryKey: queryKeys.public.seminar(slug),
    queryFn: () => publicApi.GET("/api/v1/public/seminars/{slug}", { params: { path: { slug } } }),
    retry: (n, e) => !(e instanceof ApiError && e.status === 404) && n < 3,
  });
  const seminar = q.data;
  // The top level of a national event is the central site alone: the screen shows its children (the
  // provinces). Learnt from the top level's first snapshot, then kept (undefined: not known yet).
  const [autoRoot, setAutoRoot] = useState<number | null | undefined>(undefined);
  const viewScope = scope ?? autoRoot ?? null;
  const live = useLiveView({ seminarId: seminar?.id ?? null, scope: viewScope, enabled: !!seminar, on: PUBLIC_FORWARD });
  const st = live.state;
  const tz = seminar?.timezone ?? DEFAULT_TZ;
  const now = useNow();

  const topSnapshot = scope === null && autoRoot === undefined && st.snapshots > 0 && st.scope === null;
  useEffect(() => {
    if (topSnapshot) setAutoRoot(autoRootOf(null, [...st.sites.values()]));
  }, [topSnapshot, st.sites]);
  const resolving = scope === null && autoRoot === undefined;

  useEffect(() => {
    if (seminar) document.title = `${seminar.title} — ${t("app.name")}`;
  }, [seminar, t]);

  const sites = useMemo(
    () => (resolving ? [] : [...st.sites.values()].sort((a, b) => Number(b.is_main) - Number(a.is_main) || compareVi(a.name, b.name) || a.id - b.id)),
    [st.sites, resolving],
  );
  // A counter only the timer moves (pageOf wraps it): live deltas change figures, never the page.
  const [tick, setTick] = useState(0);
  // A state ref: the rows appear only after loading, and must be measured then.
  const [rowsEl, setRowsEl] = useState<HTMLDivElement | null>(null);
  const layout = useRowsLayout(rowsEl);
  const { rows: pageSites, page: shownPage, pages } = pageOf(sites, layout.columns * layout.perColumn, tick);
  const paging = pages > 1;
  useEffect(() => {
    if (!paging) return;
    const id = setInterval(() => setTick((p) => p + 1), PAGE_MS);
    return () => clearInterval(id);
  }, [paging, viewScope]);
  useEffect(() => setTick(0), [viewScope]);

  // Figures: the socket's once synced, the public page's until then (scope: socket only).
  const fallback: LiveTotals | null = scope === null && seminar?.totals ? seminar.totals : null;
  const totals = (resolving ? null : st.totals) ?? fallback;
  const current = live.synced || st.snapshots > 0 ? st.current : null;
  const status = st.seminar?.status ?? seminar?.status;

  const path = st.path;
  const title = scope !== null ? scopeTitle(scope, path) : null;
  const crumbs = breadcrumb(scope, path, { rootLabel: t("display.wholeSeminar"), autoRoot });
  const up = parentScope(scope, path, { autoRoot });
  const goScope = (target: number | null) => navigate({ search: target === null ? "" : `?scope=${target}` });

  if (q.isPending) {
    return (
      <div className="display display-center" data-testid="display-page">
        <p className="display-message">{t("common.loading")}</p>
      </div>
    );
  }
  if (q.error || !seminar) {
    const notFound = q.error instanceof ApiError && q.error.status === 404;
    return (
      <div className="display display-center" data-testid="display-page">
        <p className="display-message" role="alert">
          {notFound ? t("display.notFound") : errorMessage(q.error)}
        </p>
      </div>
    );
  }

  return (
    <div className="display" data-testid="display-page">
      <header className="display-head">
        <div className="display-title-wrap">
          <h1 className="display-title">{seminar.title}</h1>
          <p className="display-sub">
            {formatDate(seminar.starts_at, tz)}
            {seminar.venue ? ` · ${seminar.venue}` : ""}
            {status && status !== "live" && <span className={`display-status display-status-${status}`}>{t(`status.seminar.${status}`)}</span>}
          </p>
        </div>
        <div className="display-clock" aria-label={t("display.clock")}>
          {formatTime(now, tz)}
        </div>
      </header>

      {live.connection === "refused" && (
        <p className="display-alert" role="alert">
          {t("display.refused")}
        </p>
      )}
      {(live.connection === "reconnecting" || (live.connection === "connecting" && st.snapshots > 0)) && (
        <span className="display-reconnecting" role="status" data-testid="display-reconnecting">
          {t("live.reconnecting")}
        </span>
      )}

      {scope !== null && (
        <div className="display-scope">
          <nav className="display-crumbs" aria-label={t("nav.breadcrumb")}>
            {up !== undefined && (
              <button type="button" className="display-back" onClick={() => goScope(up)}>
                ‹ {t("display.back")}
              </button>
            )}
            {crumbs
              .filter((c) => !c.current)
              .map((c) => (
                <span key={c.scope ?? "top"} className="display-crumb-step">
                  <button type="button" className="display-crumb" onClick={() => goScope(c.scope)}>
                    {c.name}
                  </button>
                  <span aria-hidden="true"> ›</span>
                </span>
              ))}
          </nav>
          {title && (
            <h2 className="display-scope-title" data-testid="display-scope-title" aria-current="page">
              {title}
            </h2>
          )}
        </div>
      )}

      <section className="display-figures" aria-label={t("display.figures")}>
        <div className="display-figure display-figure-main">
          <BigNumber value={totals?.headcount ?? 0} testId="headcount-total" />
          <span className="display-label">{t("live.peoplePresent")}</span>
        </div>
        <div className="display-figure">
          <span className="display-pair">
            <BigNumber value={totals?.sites_connected ?? 0} testId="sites-connected" />
            <span className="display-of">
              /
              <span data-testid="sites-invited" data-value={totals?.sites_invited ?? 0}>
                {formatNumber(totals?.sites_invited ?? 0)}
              </span>
            </span>
          </span>
          <span className="display-label">{t("display.sitesConnectedOfInvited")}</span>
        </div>
        <div className="display-figure">
          <BigNumber value={totals?.peak_headcount ?? 0} testId="peak-headcount" />
          <span className="display-label">{t("live.peak")}</span>
        </div>
      </section>

      {status === "published" && !!totals?.sites_invited && (
        // Before the start: how many remote sites passed their technical check.
        <p className="display-readiness" data-testid="display-readiness" data-ready={totals.sites_ready}>
          {t("display.sitesReady", { n: formatNumber(totals.sites_ready), m: formatNumber(totals.sites_invited) })}
        </p>
      )}
      <NowPresenting current={current} />
      <CurrentSpeaker speaking={live.synced || st.snapshots > 0 ? st.speaking : null} />
      <DisplayPoll slug={slug} />

      <section className="display-grid-wrap" aria-label={t("display.sites")}>
        {pageSites.length > 0 && (
          // What the figures of a row are (one legend per column of rows).
          <div className="display-rows-head" aria-hidden="true" style={{ gridTemplateColumns: `repeat(${layout.columns}, minmax(0, 1fr))` }}>
            {Array.from({ length: Math.min(layout.columns, pageSites.length) }, (_, i) => (
              <div key={i} className="drow drow-head">
                <span className="drow-name">{t("display.colSite")}</span>
                <span className="drow-sites">{t("display.colSites")}</span>
                <span className="drow-count">{t("display.colPeople")}</span>
                <span />
              </div>
            ))}
          </div>
        )}
        <div
          className="display-rows"
          ref={setRowsEl}
          style={layout.columns > 1 ? { gridTemplateRows: `repeat(${layout.perColumn}, minmax(0, 1fr))` } : undefined}
          data-testid="site-grid"
        >
          {pageSites.map((s) => (
            <LevelRow key={s.id} site={s} onOpen={s.children > 0 ? () => goScope(s.id) : undefined} />
          ))}
          {live.synced && !resolving && sites.length === 0 && <p className="display-empty">{t("display.noSites")}</p>}
        </div>
        {paging && (
          <div className="display-pages" data-testid="display-pages">
            {Array.from({ length: pages }, (_, i) => (
              <button
                key={i}
                type="button"
                className={`display-page-dot${i === shownPage ? " is-current" : ""}`}
                aria-label={t("display.goToPage", { page: i + 1 })}
                aria-current={i === shownPage ? "page" : undefined}
                onClick={() => setTick(i)}
              />
            ))}
            <span className="display-page-text" aria-live="polite">
              {t("display.pageOf", { page: shownPage + 1, pages })}
            </span>
          </div>
        )}
      </section>
    </div>
  );
}
