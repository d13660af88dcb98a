/**
 * The site directory as a lazy tree: the top level first; opening a row fetches that row's
 * children, a page at a time (each level its own pager). Nothing ever holds the whole tree.
 * Used by the directory page (edit, add, delete) and the invite panel ("Mời cả nhánh").
 * Sortable (name, code, level) through the server's `sort` when the page keeps a sort: one
 * sort for every level, chosen on any level's headers or, on a phone, in the sort select.
 */
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { formatNumber } from "../lib/format";
import { isOpen, toggle, type Expansion } from "../lib/treeExpansion";
import { DataTable, sortParam, type Column, type SortState } from "./DataTable";
import { useDirectoryPage, useSiteAsPage, type Site } from "./useDirectory";

export const DIRECTORY_PAGE_SIZE = 50;

interface TreeProps {
  /** Start at this site (e.g. the subtree a member is limited to) instead of the top level. */
  rootId?: number | null;
  actions: (site: Site) => ReactNode;
  expansion: Expansion;
  setExpansion: (update: (e: Expansion) => Expansion) => void;
  /** The server-side sort of every level (none: the server's order, not sortable). */
  sort?: SortState;
  onSortChange?: (sort: SortState) => void;
}

/** The directory's sort keys (GET /sites `sort`), Vietnamese name order by default. */
export const DEFAULT_DIRECTORY_SORT: SortState = { key: "name", dir: "asc" };

export function useDirectoryColumns(sortable = false): Column<Site>[] {
  const { t } = useTranslation();
  return [
    {
      key: "name",
      header: t("site.name"),
      accessor: (s) => s.name,
      sortable,
      render: (s) => (
        <span className="tree-label">
          <span className="tree-name">{s.name}</span>
          {s.locality && <span className="muted small">{s.locality}</span>}
        </span>
      ),
    },
    { key: "code", header: t("site.code"), accessor: (s) => s.code, sortable },
    { key: "level", header: t("site.level"), accessor: (s) => t(`level.${s.level}`, { defaultValue: s.level }), sortable },
    {
      key: "children",
      header: t("directory.childrenHeader"),
      numeric: true,
      accessor: (s) => s.children_count ?? 0,
      render: (s) => ((s.children_count ?? 0) > 0 ? t("directory.children", { n: formatNumber(s.children_count ?? 0) }) : "—"),
    },
    {
      key: "capacity",
      header: t("site.capacity"),
      numeric: true,
      accessor: (s) => s.capacity,
      render: (s) => (s.capacity != null ? formatNumber(s.capacity) : "—"),
    },
  ];
}

/** One level: `parentId`'s children (null: the top level), paged on the server. */
function DirectoryLevel({ parentId, ...props }: TreeProps & { parentId: number | null }) {
  const { t } = useTranslation();
  const sortable = props.onSortChange !== undefined;
  const columns = useDirectoryColumns(sortable);
  // A new sort starts on the first page.
  const sortKey = sortable ? sortParam(props.sort ?? DEFAULT_DIRECTORY_SORT) : undefined;
  const [paged, setPaged] = useState({ sortKey, offset: 0 });
  const offset = paged.sortKey === sortKey ? paged.offset : 0;
  const setOffset = (o: number) => setPaged({ sortKey, offset: o });
  const query = parentId == null ? { root: true } : { parent_id: parentId };
  const fromRoot = parentId == null && props.rootId != null;
  const sort = sortKey ? { sort: sortKey } : {};
  const levelPage = useDirectoryPage({ ...query, ...sort, limit: DIRECTORY_PAGE_SIZE, offset }, !fromRoot);
  const rootPage = useSiteAsPage(fromRoot ? props.rootId! : null);
  const page = fromRoot ? rootPage : levelPage;
  return (
    <DataTable<Site>
      columns={columns}
      rows={page.data?.items}
      rowKey={(s) => s.id}
      loading={page.isFetching}
      error={page.error}
      onRetry={() => void page.refetch()}
      empty={parentId == null ? t("directory.empty") : undefined}
      sortMode="server"
      sort={sortable ? (props.sort ?? DEFAULT_DIRECTORY_SORT) : undefined}
      onSortChange={sortable ? (s) => props.onSortChange!(s ?? DEFAULT_DIRECTORY_SORT) : undefined}
      paging={{ total: page.data?.total ?? 0, limit: DIRECTORY_PAGE_SIZE, offset, onChange: setOffset }}
      expansion={{
        canExpand: (s) => (s.children_count ?? 0) > 0,
        isExpanded: (s) => isOpen(props.expansion, s.id),
        onToggle: (s) => props.setExpansion((e) => toggle(e, s.id)),
        renderExpanded: (s) => <DirectoryLevel {...props} parentId={s.id} />,
        label: (s) => s.name,
      }}
      actions={props.actions}
      rowProps={(s) => ({ "data-testid": "site-node", "data-site-code": s.code })}
      nested={parentId != null}
    />
  );
}

export function DirectoryTree({ label, ...props }: TreeProps & { label: string }) {
  return (
    <div data-testid="site-tree" role="group" aria-label={label}>
      <DirectoryLevel {...props} parentId={null} />
    </div>
  );
}
