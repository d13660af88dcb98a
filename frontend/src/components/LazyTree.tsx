/**
 * A tree loaded one level at a time: the top level first, a row's children when it is
 * opened, one page at a time ("show more"). Used by the directory (a list) and a
 * seminar's sites tab (table rows): the caller renders rows and status lines, this
 * component decides what to fetch. Nothing ever holds the whole tree.
 */
import { Fragment, type ReactNode } from "react";
import type { UseQueryResult } from "@tanstack/react-query";
import { isOpen, pageOffsets, pagesShown, remaining, showMore, toggle, type Expansion } from "../lib/treeExpansion";

/** The top level's key in the expansion state (site ids start at 1). */
export const TOP = 0;

export interface TreePage<T> {
  items: T[];
  total: number;
}

export interface RowState {
  depth: number;
  open: boolean;
  toggle: () => void;
  /** The row's children (render it after the row when `open`). */
  children: ReactNode;
}

export type TreeStatus =
  | { kind: "loading" }
  | { kind: "error"; error: unknown; retry: () => void }
  | { kind: "more"; remaining: number; next: number; showMore: () => void }
  | { kind: "empty" };

export interface LazyTreeProps<T> {
  /** A page of `parentId`'s children (null: the top level). Called as a hook. */
  usePage: (parentId: number | null, offset: number, limit: number) => UseQueryResult<TreePage<T>>;
  rowId: (row: T) => number;
  hasChildren: (row: T) => boolean;
  renderRow: (row: T, state: RowState) => ReactNode;
  renderStatus: (status: TreeStatus, depth: number) => ReactNode;
  expansion: Expansion;
  setExpansion: (update: (e: Expansion) => Expansion) => void;
  pageSize: number;
  /** Where the tree starts (null: the top level). */
  parentId?: number | null;
}

/** One level of the tree: the pages of `parentId`'s children shown so far. */
export function LazyLevel<T>(props: LazyTreeProps<T> & { depth?: number }) {
  const { expansion, pageSize } = props;
  const parentId = props.parentId ?? null;
  const key = parentId ?? TOP;
  const offsets = pageOffsets(pagesShown(expansion, key), pageSize);
  return (
    <>
      {offsets.map((offset, i) => (
        <LevelPage key={offset} {...props} parentId={parentId} offset={offset} last={i === offsets.length - 1} depth={props.depth ?? 0} />
      ))}
    </>
  );
}

function LevelPage<T>(props: LazyTreeProps<T> & { parentId: number | null; offset: number; last: boolean; depth: number }) {
  const { usePage, parentId, offset, last, depth, pageSize, expansion, setExpansion, renderRow, renderStatus, rowId, hasChildren } = props;
  const page = usePage(parentId, offset, pageSize);
  if (page.isPending) return <>{renderStatus({ kind: "loading" }, depth)}</>;
  if (page.error) return <>{renderStatus({ kind: "error", error: page.error, retry: () => void page.refetch() }, depth)}</>;
  const { items, total } = page.data;
  const key = parentId ?? TOP;
  const left = remaining(total, pagesShown(expansion, key), pageSize);
  return (
    <>
      {offset === 0 && items.length === 0 && renderStatus({ kind: "empty" }, depth)}
      {items.map((row) => {
        const id = rowId(row);
        const open = hasChildren(row) && isOpen(expansion, id);
        return (
          <Fragment key={id}>
            {renderRow(row, {
              depth,
              open,
              toggle: () => setExpansion((e) => toggle(e, id)),
              children: open ? <LazyLevel {...props} parentId={id} depth={depth + 1} /> : null,
            })}
          </Fragment>
        );
      })}
      {last &&
        left > 0 &&
        renderStatus(
          { kind: "more", remaining: left, next: Math.min(left, pageSize), showMore: () => setExpansion((e) => showMore(e, key, total, pageSize)) },
          depth,
        )}
    </>
  );
}
