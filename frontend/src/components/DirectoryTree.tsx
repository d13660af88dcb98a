/**
 * The site directory as a lazy tree: the top level first; opening a row fetches that row's
 * children, a page at a time (each level its own pager). Nothing ever holds the whole tree.
 * Used by the directory page (edit, add, delete) and the invite panel ("Mời cả nhánh").
 * Sortable (name, code, level) through the server's `sort` when the page keeps a sort: one
 * sort for every level, chosen on any level's headers or, on a phone, in the sort select.
 */
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { formatNumber } from "../lib/format";
import type { Expansion } from "../lib/treeExpansion";
import { DataTable, sortParam, type Column, type SortState } from "./DataTable";
import { useDirectoryPage, useSiteAsPage, type Site } from "./useDirectory";
import { useTreeLevel } from "./useTreeLevel";

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
  const sortKey = sortable ? sortParam(props.sort ?? DEFAULT_DIRECTORY_SORT) : undefined;
  const fromRoot = parentId == null && props.rootId != null;
  const level = useTreeLevel<Site>({
    parentId,
    sortKey,
    pageSize: DIRECTORY_PAGE_SIZE,
    usePage: (where, paging) => {
      const sort = sortKey ? { sort: sortKey } : {};
      const levelPage = useDirectoryPage({ ...where, ...sort, ...paging }, !fromRoot);
      const rootPage = useSiteAsPage(fromRoot ? props.rootId! : null);
      return fromRoot ? rootPage : levelPage;
    },
    id: (s) => s.id,
    hasChildren: (s) => (s.children_count ?? 0) > 0,
    label: (s) => s.name,
    expansion: props.expansion,
    setExpansion: props.setExpansion,
    renderChildren: (s) => <DirectoryLevel {...props} parentId={s.id} />,
  });
  return (
    <DataTable<Site>
      {...level}
      columns={columns}
      empty={parentId == null ? t("directory.empty") : undefined}
      sortMode="server"
      sort={sortable ? (props.sort ?? DEFAULT_DIRECTORY_SORT) : undefined}
      onSortChange={sortable ? (s) => props.onSortChange!(s ?? DEFAULT_DIRECTORY_SORT) : undefined}
      actions={props.actions}
      rowProps={(s) => ({ "data-testid": "site-node", "data-site-code": s.code })}
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
