/**
 * One level of a lazy tree shown as a DataTable (the directory's tree, a seminar's sites): the level's query
 * (`root` or `parent_id`), its own server paging (back to the first page on a new sort), and rows that open
 * to show their children's level below them (`renderChildren`, fetched when opened). Nothing ever holds the
 * whole tree; which rows are open lives in an Expansion (src/lib/treeExpansion.ts) the page keeps.
 *
 *   const level = useTreeLevel({ parentId, sortKey, pageSize, usePage, id, hasChildren, label, expansion, setExpansion, renderChildren });
 *   return <DataTable {...level} columns={columns} … />;
 */
import { useState, type ReactNode } from "react";
import { isOpen, toggle, type Expansion } from "../lib/treeExpansion";
import type { DataTableProps } from "./DataTable";

/** Which level to fetch: the top one, or a row's children. */
export type LevelWhere = { root: true } | { parent_id: number };

/** What `usePage` returns: a query of one page (react-query's result fits). */
export interface LevelPage<T> {
  data?: { items: T[]; total: number };
  isFetching: boolean;
  error: unknown;
  refetch: () => unknown;
}

export interface TreeLevelOptions<T> {
  /** null: the top level. */
  parentId: number | null;
  /** The level's server sort: a new one starts on the first page. */
  sortKey?: string;
  pageSize: number;
  /** Fetches one page of the level: a query hook, called on every render in the same way. */
  usePage: (where: LevelWhere, paging: { limit: number; offset: number }) => LevelPage<T>;
  id: (row: T) => number;
  hasChildren: (row: T) => boolean;
  /** The row's name, for the open/close button. */
  label: (row: T) => string;
  expansion: Expansion;
  setExpansion: (update: (e: Expansion) => Expansion) => void;
  /** The children's level below an open row. */
  renderChildren: (row: T) => ReactNode;
}

export type TreeLevelProps<T> = Required<Pick<DataTableProps<T>, "rows" | "rowKey" | "loading" | "error" | "onRetry" | "paging" | "expansion" | "nested">>;

export function useTreeLevel<T>(o: TreeLevelOptions<T>): TreeLevelProps<T> {
  const [paged, setPaged] = useState({ sortKey: o.sortKey, offset: 0 });
  const offset = paged.sortKey === o.sortKey ? paged.offset : 0;
  const where: LevelWhere = o.parentId == null ? { root: true } : { parent_id: o.parentId };
  const page = o.usePage(where, { limit: o.pageSize, offset });
  return {
    rows: page.data?.items,
    rowKey: o.id,
    loading: page.isFetching,
    error: page.error,
    onRetry: () => void page.refetch(),
    paging: { total: page.data?.total ?? 0, limit: o.pageSize, offset, onChange: (next) => setPaged({ sortKey: o.sortKey, offset: next }) },
    expansion: {
      canExpand: o.hasChildren,
      isExpanded: (row) => isOpen(o.expansion, o.id(row)),
      onToggle: (row) => o.setExpansion((e) => toggle(e, o.id(row))),
      renderExpanded: o.renderChildren,
      label: o.label,
    },
    nested: o.parentId != null,
  };
}
