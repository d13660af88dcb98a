import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, type Schema } from "../../api/http";
import { queryKeys } from "../../api/queryKeys";
import { ConfirmDialog } from "../../components/Dialog";
import { ErrorMessage, Notice } from "../../components/Feedback";
import { DataTable, sortParam, type Column, type SortState } from "../../components/DataTable";
import { StatusBadge } from "../../components/StatusBadge";
import { SITE_LEVELS } from "../../components/useDirectory";
import { useTreeLevel } from "../../components/useTreeLevel";
import { mergeLinks, type CheckinLink } from "../../lib/checkinLinks";
import { formatDateTime, formatNumber } from "../../lib/format";
import { useDebounced } from "../../lib/hooks";
import { activeFilterCount, filterParams, isFlat, NO_FILTERS, type SiteFilters } from "../../lib/siteList";
import { EMPTY_EXPANSION, openAll, type Expansion } from "../../lib/treeExpansion";
import { CheckinLinks } from "./CheckinLinks";
import { InvitePanel } from "./InvitePanel";
import { siteCode, siteName, useSeminarSitesPage, type SeminarSite, type SeminarSitesQuery } from "./useSeminarSites";

type Seminar = Schema<"SeminarRead">;
type SiteStatus = Schema<"SeminarSiteStatus">;
type SiteLevel = Schema<"SiteLevel">;

const STATUSES: SiteStatus[] = ["invited", "registered", "declined", "checked_in", "disconnected"];
const PAGE_SIZE = 50;
const DEFAULT_SORT: SortState = { key: "name", dir: "asc" };

/** The list's columns; `flat` (search results) adds where each site is. */
function useSiteColumns(seminar: Seminar, flat = false): Column<SeminarSite>[] {
  const sortable = true;
  const { t } = useTranslation();
  const locality: Column<SeminarSite>[] = flat ? [{ key: "locality", header: t("site.locality"), accessor: (r) => r.locality, className: "muted small" }] : [];
  return [
    {
      key: "name",
      header: t("site.name"),
      sortable,
      accessor: siteName,
      render: (r) => (
        <>
          {siteName(r)} {r.is_main && <span className="badge badge-main">{t("sitesTab.main")}</span>}
          {r.children > 0 && (
            <span className="muted small subtree-figures">
              {" · "}
              {t("sitesTab.subtreeSites", { n: formatNumber(r.sites_invited) })}
              {r.sites_waiting > 0 ? ` · ${t("sitesTab.subtreeWaiting", { n: formatNumber(r.sites_waiting) })}` : ""}
            </span>
          )}
        </>
      ),
    },
    { key: "code", header: t("site.code"), sortable, accessor: siteCode },
    ...locality,
    { key: "level", header: t("site.level"), accessor: (r) => t(`level.${r.level}`, { defaultValue: r.level }) },
    { key: "status", header: t("sitesTab.status"), sortable, accessor: (r) => r.status, render: (r) => <StatusBadge status={r.status} kind="site" /> },
    {
      key: "expected",
      header: t("sitesTab.expected"),
      numeric: true,
      accessor: (r) => r.expected_attendees,
      render: (r) => (r.expected_attendees != null ? formatNumber(r.expected_attendees) : "—"),
    },
    {
      key: "headcount",
      header: t("sitesTab.headcount"),
      numeric: true,
      sortable,
      firstDir: "desc",
      accessor: (r) => r.headcount,
      render: (r) => (
        <>
          {formatNumber(r.headcount)}
          {r.children > 0 && r.subtree_headcount !== r.headcount && (
            <span className="muted small"> ({t("sitesTab.subtreeHeadcount", { n: formatNumber(r.subtree_headcount) })})</span>
          )}
        </>
      ),
    },
    {
      key: "checked_in_at",
      header: t("sitesTab.checkedIn"),
      sortable,
      firstDir: "desc",
      accessor: (r) => r.checked_in_at,
      render: (r) => formatDateTime(r.checked_in_at, seminar.timezone) || "—",
    },
  ];
}

interface ListProps {
  seminar: Seminar;
  sort: SortState;
  onSortChange: (s: SortState) => void;
  onRotate: (r: SeminarSite) => void;
}

function RotateButton({ r, onRotate }: { r: SeminarSite; onRotate: (r: SeminarSite) => void }) {
  const { t } = useTranslation();
  return (
    <button type="button" className="btn btn-small" aria-label={t("sitesTab.rotateFor", { name: siteName(r) })} onClick={() => onRotate(r)}>
      {t("sitesTab.rotate")}
    </button>
  );
}

/**
 * One level of the seminar tree (null: the top level, which for a member limited to a
 * subtree is that subtree's top), paged and sorted on the server; an open row shows its
 * children's level below it.
 */
function SitesLevel({ parentId, expansion, setExpansion, ...props }: ListProps & { parentId: number | null; expansion: Expansion; setExpansion: (u: (e: Expansion) => Expansion) => void }) {
  const { t } = useTranslation();
  const { seminar, sort, onSortChange, onRotate } = props;
  // One sort for every level: chosen on any level's headers (or a phone's sort select).
  const columns = useSiteColumns(seminar);
  const sortKey = sortParam(sort);
  const level = useTreeLevel<SeminarSite>({
    parentId,
    sortKey,
    pageSize: PAGE_SIZE,
    usePage: (where, paging) => useSeminarSitesPage(seminar.id, { ...where, sort: sortKey, ...paging }),
    id: (r) => r.site_id,
    hasChildren: (r) => r.children > 0,
    label: siteName,
    expansion,
    setExpansion,
    renderChildren: (r) => <SitesLevel {...props} expansion={expansion} setExpansion={setExpansion} parentId={r.site_id} />,
  });
  return (
    <DataTable<SeminarSite>
      {...level}
      columns={columns}
      empty={parentId == null ? t("sitesTab.empty") : undefined}
      sort={sort}
      onSortChange={(s) => onSortChange(s ?? DEFAULT_SORT)}
      sortMode="server"
      actions={(r) => <RotateButton r={r} onRotate={onRotate} />}
      rowProps={(r) => ({ "data-testid": "seminar-site-row", "data-site-code": r.code })}
      testId={parentId == null ? "seminar-sites-table" : undefined}
    />
  );
}

/** Search and filter results: matching rows flat, paged and sorted on the server. */
function FlatSites({ query, ...props }: ListProps & { query: SeminarSitesQuery }) {
  const { t } = useTranslation();
  const { seminar, sort, onSortChange, onRotate } = props;
  const columns = useSiteColumns(seminar, true);
  const [offset, setOffset] = useState(0);
  const page = useSeminarSitesPage(seminar.id, { ...query, sort: sortParam(sort), limit: PAGE_SIZE, offset });
  const total = page.data?.total ?? 0;
  return (
    <>
      {page.data && (
        <p className="muted small" role="status">
          {t("sitesTab.found", { n: formatNumber(total) })}
        </p>
      )}
      <DataTable<SeminarSite>
        columns={columns}
        rows={page.data?.items}
        rowKey={(r) => r.site_id}
        loading={page.isFetching}
        error={page.error}
        onRetry={() => void page.refetch()}
        empty={t("sitesTab.noMatch")}
        sort={sort}
        onSortChange={(s) => onSortChange(s ?? DEFAULT_SORT)}
        sortMode="server"
        paging={{ total, limit: PAGE_SIZE, offset, onChange: setOffset }}
        actions={(r) => <RotateButton r={r} onRotate={onRotate} />}
        rowProps={(r) => ({ "data-testid": "seminar-site-row", "data-site-code": r.code })}
        testId="seminar-sites-table"
      />
    </>
  );
}

function Filters({ filters, set, q, setQ }: { filters: SiteFilters; set: (f: Partial<SiteFilters>) => void; q: string; setQ: (q: string) => void }) {
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
        <select value={filters.level} onChange={(e) => set({ level: e.target.value })} data-testid="sites-level">
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
        <select value={filters.status} onChange={(e) => set({ status: e.target.value })} data-testid="sites-status">
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
  const [sort, setSort] = useState<SortState>(DEFAULT_SORT);
  // A member limited to a subtree lands on it: its row (their top level) opened.
  const [expansion, setExpansion] = useState<Expansion>(() => (seminar.my_subtree ? openAll(EMPTY_EXPANSION, [seminar.my_subtree.id]) : EMPTY_EXPANSION));
  const [showInvite, setShowInvite] = useState(false);
  const [rotating, setRotating] = useState<SeminarSite | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // New links, shown once: the answers carry each site's code, name and locality.
  const [links, setLinks] = useState<CheckinLink[]>([]);

  const addLinks = (newLinks: CheckinLink[]) => {
    setLinks((prev) => mergeLinks(prev, newLinks));
    setNotice(newLinks.length ? t("invite.done", { n: formatNumber(newLinks.length) }) : t("invite.noneNew"));
    void queryClient.invalidateQueries({ queryKey: queryKeys.seminar.all(seminar.id) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.seminars.all() });
  };

  const rotate = useMutation({
    mutationFn: (r: SeminarSite) => api.POST("/api/v1/seminars/{seminar_id}/sites/{site_id}/token", { params: { path: { seminar_id: seminar.id, site_id: r.site_id } } }),
    onSuccess: (link) => {
      addLinks([link]);
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
      {/* The seminar's own counters: a member limited to a subtree reads theirs on its row. */}
      {!seminar.my_subtree && <p className="muted small">
        {t("sitesTab.summary", { invited: formatNumber(seminar.sites_invited), registered: formatNumber(seminar.sites_registered), waiting: formatNumber(seminar.sites_waiting) })}
      </p>}
      {mine && (
        <Notice>
          <span data-testid="my-subtree">{t("sitesTab.mySubtree", { name: mine.name, code: mine.code })}</span>
        </Notice>
      )}
      {notice && <Notice kind="success">{notice}</Notice>}
      {showInvite && <InvitePanel seminar={seminar} onInvited={addLinks} />}
      <CheckinLinks seminar={seminar} links={links} onDismiss={() => setLinks([])} />
      <Filters filters={filters} set={(f) => setRest((prev) => ({ ...prev, ...f }))} q={q} setQ={setQ} />
      {flat ? (
        // Keyed by the query: a new search or filter starts on its first page.
        <FlatSites key={JSON.stringify(flatQuery)} seminar={seminar} query={flatQuery} onRotate={onRotate} sort={sort} onSortChange={setSort} />
      ) : (
        <SitesLevel seminar={seminar} parentId={null} sort={sort} onSortChange={setSort} onRotate={onRotate} expansion={expansion} setExpansion={setExpansion} />
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
