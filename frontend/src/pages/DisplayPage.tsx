import { useEffect, useMemo, useState } from "react";
import { useLocation, useNavigate, useParams, useSearchParams } from "react-router";
import { useTranslation } from "react-i18next";
import { useQuery } from "@tanstack/react-query";
import { ApiError } from "../api/client";
import { getPublicSeminar } from "../api/endpoints";
import { useErrorMessage } from "../components/Feedback";
import { compareVi, DEFAULT_TZ, formatDate, formatNumber, formatTime } from "../lib/format";
import type { LiveAgendaItem, LiveSiteRow, LiveTotals } from "../api/types";
import { siteHeadcount } from "../lib/liveView";
import { useAnimatedNumber } from "../lib/useAnimatedNumber";
import { useLiveView } from "../lib/useLiveView";

const PAGE_MS = 10_000;
const TILE_MIN_W = 300;
const TILE_H = 124;
const GAP = 16;

interface Crumb {
  id: number;
  name: string;
}

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

/** Tiles per page from the grid's size; re-measured on resize. */
function usePageSize(el: HTMLElement | null): { cols: number; rows: number } {
  const [size, setSize] = useState({ cols: 4, rows: 3 });
  useEffect(() => {
    if (!el) return;
    const measure = () => {
      const w = el.clientWidth;
      const h = el.clientHeight;
      const cols = Math.max(1, Math.floor((w + GAP) / (TILE_MIN_W + GAP)));
      const rows = Math.max(1, Math.floor((h + GAP) / (TILE_H + GAP)));
      setSize((s) => (s.cols === cols && s.rows === rows ? s : { cols, rows }));
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
  return size;
}

function SiteTile({ site, onOpen }: { site: LiveSiteRow; onOpen?: () => void }) {
  const { t } = useTranslation();
  const hc = siteHeadcount(site);
  const content = (
    <>
      <span className="tile-head">
        <span className="tile-name">
          {site.is_main && <span className="tile-main">{t("display.mainHall")}</span>}
          {site.name}
        </span>
        {onOpen && (
          <span className="tile-children">
            {t("display.childSites", { n: formatNumber(site.children ?? 0) })} ›
          </span>
        )}
      </span>
      <span className="tile-foot">
        <span className="tile-status">
          <span className="tile-dot" aria-hidden="true" />
          {t(`status.site.${site.status}`, { defaultValue: site.status })}
        </span>
        <span className="tile-count" data-testid="tile-headcount">
          {formatNumber(hc)}
        </span>
      </span>
    </>
  );
  const cls = `tile tile-${site.status}${site.is_main ? " tile-is-main" : ""}`;
  return onOpen ? (
    <button type="button" className={`${cls} tile-link`} onClick={onOpen} data-testid="site-tile" data-site-id={site.id} aria-label={t("display.openScope", { name: site.name })}>
      {content}
    </button>
  ) : (
    <div className={cls} data-testid="site-tile" data-site-id={site.id}>
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
  const location = useLocation();
  const [params] = useSearchParams();
  const scopeParam = params.get("scope");
  const scope = scopeParam && /^\d+$/.test(scopeParam) ? Number(scopeParam) : null;
  const trail: Crumb[] = ((location.state as { trail?: Crumb[] } | null)?.trail ?? []).filter((c) => c && typeof c.id === "number");

  const q = useQuery({
    queryKey: ["public", slug],
    queryFn: () => getPublicSeminar(slug),
    retry: (n, e) => !(e instanceof ApiError && e.status === 404) && n < 3,
  });
  const seminar = q.data;
  const live = useLiveView({ seminarId: seminar?.id ?? null, scope, enabled: !!seminar });
  const st = live.state;
  const tz = seminar?.timezone ?? DEFAULT_TZ;
  const now = useNow();

  useEffect(() => {
    if (seminar) document.title = `${seminar.title} — ${t("app.name")}`;
  }, [seminar, t]);

  const sites = useMemo(
    () => [...st.sites.values()].sort((a, b) => Number(b.is_main) - Number(a.is_main) || compareVi(a.name, b.name) || a.id - b.id),
    [st.sites],
  );
  // A state ref: the grid appears only after loading, and must be measured then.
  const [gridEl, setGridEl] = useState<HTMLDivElement | null>(null);
  const { cols, rows } = usePageSize(gridEl);
  const perPage = cols * rows;
  const pages = Math.max(1, Math.ceil(sites.length / perPage));
  const [page, setPage] = useState(0);
  const shownPage = page % pages;
  useEffect(() => {
    if (pages <= 1) return;
    const id = setInterval(() => setPage((p) => (p + 1) % pages), PAGE_MS);
    return () => clearInterval(id);
  }, [pages]);
  useEffect(() => setPage(0), [scope]);
  const pageSites = sites.slice(shownPage * perPage, shownPage * perPage + perPage);

  // Figures: the socket's once synced, the public page's until then (scope: socket only).
  const fallback: LiveTotals | null = scope === null && seminar?.totals ? seminar.totals : null;
  const totals = st.totals ?? fallback;
  const current = live.synced || st.snapshots > 0 ? st.current : null;
  const status = st.seminar?.status ?? seminar?.status;

  const goScope = (target: number | null, newTrail: Crumb[]) => {
    navigate({ search: target === null ? "" : `?scope=${target}` }, { state: { trail: newTrail } });
  };
  const scopeName = trail.length ? trail[trail.length - 1].name : (scope !== null ? `#${scope}` : "");

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
        <nav className="display-crumbs" aria-label={t("nav.breadcrumb")}>
          <button type="button" className="display-back" onClick={() => (trail.length > 1 ? goScope(trail[trail.length - 2].id, trail.slice(0, -1)) : goScope(null, []))}>
            ‹ {t("display.back")}
          </button>
          <button type="button" className="display-crumb" onClick={() => goScope(null, [])}>
            {t("display.wholeSeminar")}
          </button>
          {trail.slice(0, -1).map((c, i) => (
            <span key={c.id}>
              <span aria-hidden="true"> › </span>
              <button type="button" className="display-crumb" onClick={() => goScope(c.id, trail.slice(0, i + 1))}>
                {c.name}
              </button>
            </span>
          ))}
          <span aria-hidden="true"> › </span>
          <span className="display-crumb-current" aria-current="page">
            {scopeName}
          </span>
        </nav>
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

      <NowPresenting current={current} />

      <section className="display-grid-wrap" aria-label={t("display.sites")}>
        <div
          className="display-grid"
          ref={setGridEl}
          style={{ gridTemplateColumns: `repeat(${cols}, minmax(0, 1fr))`, gridAutoRows: `${TILE_H}px` }}
          data-testid="site-grid"
        >
          {pageSites.map((s) => (
            <SiteTile
              key={s.id}
              site={s}
              onOpen={(s.children ?? 0) > 0 ? () => goScope(s.id, [...(scope !== null && trail.length === 0 ? [{ id: scope, name: scopeName }] : trail), { id: s.id, name: s.name }]) : undefined}
            />
          ))}
          {live.synced && sites.length === 0 && <p className="display-empty">{t("display.noSites")}</p>}
        </div>
        {pages > 1 && (
          <div className="display-pages" data-testid="display-pages" aria-label={t("display.pageOf", { page: shownPage + 1, pages })}>
            {Array.from({ length: pages }, (_, i) => (
              <span key={i} className={`display-page-dot${i === shownPage ? " is-current" : ""}`} aria-hidden="true" />
            ))}
            <span className="display-page-text">{t("display.pageOf", { page: shownPage + 1, pages })}</span>
          </div>
        )}
      </section>
    </div>
  );
}
