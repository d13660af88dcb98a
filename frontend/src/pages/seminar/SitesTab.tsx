import { useCallback, useMemo, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, type Schema } from "../../api/http";
import { queryKeys } from "../../api/queryKeys";
import { ConfirmDialog } from "../../components/Dialog";
import { EmptyState, ErrorMessage, Loading, Notice } from "../../components/Feedback";
import { LazyLevel, type TreeStatus } from "../../components/LazyTree";
import { Pager } from "../../components/Pager";
import { StatusBadge } from "../../components/StatusBadge";
import { SITE_LEVELS } from "../../components/useDirectory";
import { labelLinks, mergeLinks, showInline, unlabelled, type LinkToken, type SiteLabel } from "../../lib/checkinLinks";
import { formatDateTime, formatNumber } from "../../lib/format";
import { useDebounced } from "../../lib/hooks";
import { activeFilterCount, ariaSort, clampOffset, filterParams, isFlat, NO_FILTERS, nextSort, type SiteFilters } from "../../lib/siteList";
import { EMPTY_EXPANSION, type Expansion } from "../../lib/treeExpansion";
import { CheckinLinks } from "./CheckinLinks";
import { InvitePanel } from "./InvitePanel";
import { loadLinkLabels, siteCode, siteName, useSeminarSitesPage, type SeminarSite, type SeminarSitesQuery } from "./useSeminarSites";

type Seminar = Schema<"SeminarRead">;
type SiteStatus = Schema<"SeminarSiteStatus">;
type SiteLevel = Schema<"SiteLevel">;

const STATUSES: SiteStatus[] = ["invited", "registered", "declined", "checked_in", "disconnected"];
const PAGE_SIZE = 50;
/** Sorted biggest / latest first on the first click. */
const DESC_FIRST = ["headcount", "checked_in_at", "last_report_at"];
const SORTS = ["name", "-name", "code", "status", "-headcount", "-checked_in_at", "-last_report_at"];

interface Columns {
  seminar: Seminar;
  onRotate: (r: SeminarSite) => void;
}

/** One site as a table row (a card on a phone); `toggle` present in the tree. */
function SiteRow({ r, seminar, onRotate, depth = 0, open, toggle }: Columns & { r: SeminarSite; depth?: number; open?: boolean; toggle?: () => void }) {
  const { t } = useTranslation();
  const name = siteName(r);
  return (
    <tr data-testid="seminar-site-row" data-site-code={r.code} className={depth ? "tree-child" : undefined}>
      <td data-label={t("site.name")}>
        <div className="tree-cell" style={{ paddingInlineStart: `${depth * 1.1}rem` }}>
          {toggle && r.children > 0 ? (
            <button
              type="button"
              className="btn-icon tree-toggle"
              aria-expanded={open}
              aria-label={open ? t("directory.collapse", { name }) : t("directory.expand", { name })}
              onClick={toggle}
            >
              <span aria-hidden="true">{open ? "▾" : "▸"}</span>
            </button>
          ) : toggle ? (
            <span className="tree-toggle-spacer" aria-hidden="true" />
          ) : null}
          <span>
            {name} {r.is_main && <span className="badge badge-main">{t("sitesTab.main")}</span>}
            {r.children > 0 && (
              <span className="muted small subtree-figures">
                {" "}
                · {t("sitesTab.subtreeSites", { n: formatNumber(r.sites_invited) })}
                {r.sites_waiting > 0 ? ` · ${t("sitesTab.subtreeWaiting", { n: formatNumber(r.sites_waiting) })}` : ""}
              </span>
            )}
          </span>
        </div>
      </td>
      <td data-label={t("site.code")}>{siteCode(r)}</td>
      <td data-label={t("site.level")}>{t(`level.${r.level}`, { defaultValue: r.level })}</td>
      <td data-label={t("sitesTab.status")}>
        <StatusBadge status={r.status} kind="site" />
      </td>
      <td data-label={t("sitesTab.expected")} className="num">
        {r.expected_attendees != null ? formatNumber(r.expected_attendees) : "—"}
      </td>
      <td data-label={t("sitesTab.headcount")} className="num">
        {formatNumber(r.headcount)}
        {r.children > 0 && r.subtree_headcount !== r.headcount && (
          <span className="muted small"> ({t("sitesTab.subtreeHeadcount", { n: formatNumber(r.subtree_headcount) })})</span>
        )}
      </td>
      <td data-label={t("sitesTab.checkedIn")}>{formatDateTime(r.checked_in_at, seminar.timezone) || "—"}</td>
      <td>
        <button type="button" className="btn btn-small" aria-label={t("sitesTab.rotateFor", { name })} onClick={() => onRotate(r)}>
          {t("sitesTab.rotate")}
        </button>
      </td>
    </tr>
  );
}

const COLUMNS: { key: string; label: string; sort?: string; num?: boolean }[] = [
  { key: "name", label: "site.name", sort: "name" },
  { key: "code", label: "site.code", sort: "code" },
  { key: "level", label: "site.level" },
  { key: "status", label: "sitesTab.status", sort: "status" },
  { key: "expected", label: "sitesTab.expected", num: true },
  { key: "headcount", label: "sitesTab.headcount", sort: "headcount", num: true },
  { key: "checked_in_at", label: "sitesTab.checkedIn", sort: "checked_in_at" },
];

function SitesTable({ sort, onSort, children }: { sort: string; onSort: (s: string) => void; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap">
      <table className="table" data-testid="seminar-sites-table">
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <th key={c.key} scope="col" className={c.num ? "num" : undefined} aria-sort={c.sort ? ariaSort(sort, c.sort) : undefined}>
                {c.sort ? (
                  <button type="button" className="th-sort" onClick={() => onSort(nextSort(sort, c.sort!, DESC_FIRST))}>
                    {t(c.label)}
                    <span aria-hidden="true">{ariaSort(sort, c.sort) === "ascending" ? " ▲" : ariaSort(sort, c.sort) === "descending" ? " ▼" : ""}</span>
                  </button>
                ) : (
                  t(c.label)
                )}
              </th>
            ))}
            <th scope="col">
              <span className="sr-only">{t("common.actions")}</span>
            </th>
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

function StatusRow({ children }: { children: ReactNode }) {
  return (
    <tr className="tree-status-row">
      <td colSpan={COLUMNS.length + 1}>{children}</td>
    </tr>
  );
}

/** The seminar tree, one level at a time (a limited member's top level is their subtree). */
function SitesTree({ seminar, sort, onRotate, expansion, setExpansion }: Columns & { sort: string; expansion: Expansion; setExpansion: (u: (e: Expansion) => Expansion) => void }) {
  const { t } = useTranslation();
  const usePage = useCallback(
    // Called as a hook by LazyLevel (once per page of a level).
    (parentId: number | null, offset: number, limit: number) => useSeminarSitesPage(seminar.id, parentId == null ? { root: true, sort, offset, limit } : { parent_id: parentId, sort, offset, limit }),
    [seminar.id, sort],
  );
  const status = (s: TreeStatus, depth: number) => (
    <StatusRow>
      <div style={{ paddingInlineStart: `${depth * 1.1 + 1.9}rem` }}>
        {s.kind === "loading" && <Loading />}
        {s.kind === "error" && <ErrorMessage error={s.error} onRetry={s.retry} />}
        {s.kind === "empty" && depth === 0 && <EmptyState>{t("sitesTab.empty")}</EmptyState>}
        {s.kind === "more" && (
          <button type="button" className="btn btn-small" onClick={s.showMore}>
            {t("tree.showMore", { n: formatNumber(s.next), rest: formatNumber(s.remaining) })}
          </button>
        )}
      </div>
    </StatusRow>
  );
  return (
    <LazyLevel<SeminarSite>
      usePage={usePage}
      rowId={(r) => r.site_id}
      hasChildren={(r) => r.children > 0}
      expansion={expansion}
      setExpansion={setExpansion}
      pageSize={PAGE_SIZE}
      renderStatus={status}
      renderRow={(r, row) => (
        <>
          <SiteRow r={r} seminar={seminar} onRotate={onRotate} depth={row.depth} open={row.open} toggle={row.toggle} />
          {row.children}
        </>
      )}
    />
  );
}

/** Search and filter results: matching rows flat, paged on the server. */
function FlatSites({ seminar, query, onRotate, sort, onSort }: Columns & { query: SeminarSitesQuery; sort: string; onSort: (s: string) => void }) {
  const { t } = useTranslation();
  const [offset, setOffset] = useState(0);
  const page = useSeminarSitesPage(seminar.id, { ...query, sort, limit: PAGE_SIZE, offset });
  const total = page.data?.total ?? 0;
  return (
    <>
      {page.data && (
        <p className="muted small" role="status">
          {t("sitesTab.found", { n: formatNumber(total) })}
        </p>
      )}
      <SitesTable sort={sort} onSort={onSort}>
        {page.isPending && (
          <StatusRow>
            <Loading />
          </StatusRow>
        )}
        {page.error && (
          <StatusRow>
            <ErrorMessage error={page.error} onRetry={() => page.refetch()} />
          </StatusRow>
        )}
        {page.data && page.data.items.length === 0 && (
          <StatusRow>
            <EmptyState>{t("sitesTab.noMatch")}</EmptyState>
          </StatusRow>
        )}
        {page.data?.items.map((r) => <SiteRow key={r.site_id} r={r} seminar={seminar} onRotate={onRotate} />)}
      </SitesTable>
      <Pager total={total} limit={PAGE_SIZE} offset={clampOffset(offset, total, PAGE_SIZE)} onChange={setOffset} />
    </>
  );
}

function Filters({ filters, set, sort, onSort, q, setQ }: { filters: SiteFilters; set: (f: Partial<SiteFilters>) => void; sort: string; onSort: (s: string) => void; q: string; setQ: (q: string) => void }) {
  const { t } = useTranslation();
  const active = activeFilterCount(filters);
  return (
    <div className="toolbar sites-toolbar">
      <label className="field grow">
        <span>{t("sitesTab.search")}</span>
        <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t("invite.searchPlaceholder")} data-testid="sites-search" />
      </label>
      <label className="field inline">
        <span>{t("site.level")}</span>
        <select value={filters.level} onChange={(e) => set({ level: e.target.value })}>
          <option value="">{t("directory.allLevels")}</option>
          {SITE_LEVELS.map((l) => (
            <option key={l} value={l}>
              {t(`level.${l}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="field inline">
        <span>{t("sitesTab.filter")}</span>
        <select value={filters.status} onChange={(e) => set({ status: e.target.value })}>
          <option value="">{t("sitesTab.allStatuses")}</option>
          {STATUSES.map((st) => (
            <option key={st} value={st}>
              {t(`status.site.${st}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={filters.neverConnected} onChange={(e) => set({ neverConnected: e.target.checked })} />
        <span>{t("sitesTab.neverConnected")}</span>
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={filters.problem} onChange={(e) => set({ problem: e.target.checked })} />
        <span>{t("sitesTab.problem")}</span>
      </label>
      {/* Cards on a phone have no column headers: the order is chosen here. */}
      <label className="field inline">
        <span>{t("sitesTab.sort")}</span>
        <select value={sort} onChange={(e) => onSort(e.target.value)} data-testid="sites-sort">
          {SORTS.map((s) => (
            <option key={s} value={s}>
              {t(`sitesTab.sort_${s.replace("-", "desc_")}`)}
            </option>
          ))}
        </select>
      </label>
      {active > 0 && (
        <button type="button" className="btn btn-small" onClick={() => set({ level: "", status: "", neverConnected: false, problem: false })}>
          {t("sitesTab.clearFilters", { n: active })}
        </button>
      )}
    </div>
  );
}

export function SitesTab({ seminar }: { seminar: Seminar }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [q, setQ] = useState("");
  const dq = useDebounced(q, 300);
  const [rest, setRest] = useState<SiteFilters>(NO_FILTERS);
  const filters = useMemo(() => ({ ...rest, q: dq }), [rest, dq]);
  const [sort, setSort] = useState("name");
  const [expansion, setExpansion] = useState<Expansion>(EMPTY_EXPANSION);
  const [showInvite, setShowInvite] = useState(false);
  const [rotating, setRotating] = useState<SeminarSite | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // New links (shown once) and what is known of their sites; `roots`: subtrees to label from.
  const [links, setLinks] = useState<LinkToken[]>([]);
  const [labels, setLabels] = useState<Map<number, SiteLabel>>(new Map());
  const [roots, setRoots] = useState<number[]>([]);

  const addLinks = (newLinks: LinkToken[], known: Map<number, SiteLabel>, subtreeRoots: number[] = []) => {
    setLinks((prev) => mergeLinks(prev, newLinks));
    setLabels((prev) => new Map([...prev, ...known]));
    setRoots((prev) => [...new Set([...prev, ...subtreeRoots])]);
    setNotice(newLinks.length ? t("invite.done", { n: formatNumber(newLinks.length) }) : t("invite.noneNew"));
    void queryClient.invalidateQueries({ queryKey: queryKeys.seminar.all(seminar.id) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.seminars.all() });
    // A few links are shown with names: fetch the names of those the invite did not know.
    const merged = mergeLinks(links, newLinks);
    const missing = unlabelled(merged, new Map([...labels, ...known]));
    if (missing.length > 0 && showInline(merged.length)) {
      void loadLinkLabels([...new Set([...roots, ...subtreeRoots])], missing).then((found) => setLabels((prev) => new Map([...prev, ...found])));
    }
  };

  const labelAll = async (onProgress: (n: number) => void) => {
    const missing = unlabelled(links, labels);
    const found = missing.length ? await loadLinkLabels(roots, missing, onProgress) : new Map<number, SiteLabel>();
    const all = new Map([...labels, ...found]);
    return labelLinks(links, all);
  };

  const rotate = useMutation({
    mutationFn: (r: SeminarSite) => api.POST("/api/v1/seminars/{seminar_id}/sites/{site_id}/token", { params: { path: { seminar_id: seminar.id, site_id: r.site_id } } }),
    onSuccess: (link, r) => {
      addLinks([link], new Map([[r.site_id, { code: siteCode(r), name: siteName(r) }]]));
      setNotice(t("sitesTab.rotated"));
      setRotating(null);
    },
  });
  const onRotate = (r: SeminarSite) => {
    rotate.reset();
    setRotating(r);
  };

  const flat = isFlat(filters);
  const { q: sq, level, status, never_connected, problem } = filterParams(filters);
  const flatQuery: SeminarSitesQuery = { q: sq, level: level as SiteLevel | undefined, status: status as SiteStatus | undefined, never_connected, problem };
  const mine = seminar.my_subtree;

  return (
    <div>
      <div className="section-head">
        <h2>{t("sitesTab.heading")}</h2>
        <button type="button" className="btn btn-primary" aria-expanded={showInvite} onClick={() => setShowInvite((v) => !v)} data-testid="invite-toggle">
          {showInvite ? t("sitesTab.hideInvite") : t("sitesTab.invite")}
        </button>
      </div>
      <p className="muted small">
        {t("sitesTab.summary", { invited: formatNumber(seminar.sites_invited), registered: formatNumber(seminar.sites_registered), waiting: formatNumber(seminar.sites_waiting) })}
      </p>
      {mine && (
        <Notice>
          <span data-testid="my-subtree">{t("sitesTab.mySubtree", { name: mine.name, code: mine.code })}</span>
        </Notice>
      )}
      {notice && <Notice kind="success">{notice}</Notice>}
      {showInvite && <InvitePanel seminar={seminar} onInvited={addLinks} />}
      <CheckinLinks seminar={seminar} count={links.length} links={showInline(links.length) ? labelLinks(links, labels) : []} labelAll={labelAll} onDismiss={() => setLinks([])} />
      <Filters filters={filters} set={(f) => setRest((prev) => ({ ...prev, ...f }))} sort={sort} onSort={setSort} q={q} setQ={setQ} />
      {flat ? (
        <FlatSites key={JSON.stringify(flatQuery)} seminar={seminar} query={flatQuery} onRotate={onRotate} sort={sort} onSort={setSort} />
      ) : (
        <SitesTable sort={sort} onSort={setSort}>
          <SitesTree seminar={seminar} sort={sort} onRotate={onRotate} expansion={expansion} setExpansion={setExpansion} />
        </SitesTable>
      )}
      <ConfirmDialog
        open={rotating !== null}
        title={t("sitesTab.rotateTitle")}
        message={rotating ? t("sitesTab.rotateConfirm", { name: siteName(rotating) }) : ""}
        confirmLabel={t("sitesTab.rotate")}
        busy={rotate.isPending}
        onConfirm={() => rotating && rotate.mutate(rotating)}
        onCancel={() => setRotating(null)}
        error={rotate.error ? <ErrorMessage error={rotate.error} /> : null}
      />
    </div>
  );
}
