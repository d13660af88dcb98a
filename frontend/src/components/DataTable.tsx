/**
 * The one table of the app: columns, loading, error (the server's detail + retry), empty state,
 * sort (server-side through a `sort` param such as "-headcount", or client-side for small lists),
 * paging (server- or client-side), optional row expansion (a lazy tree: a row's children rendered
 * below it) and row actions. On a phone (≤ 640 px, CSS) rows become cards and a sort select
 * replaces the column headers, so lists stay sortable there.
 */
import { Fragment, useId, useMemo, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { compareVi } from "../lib/format";
import { EmptyState, ErrorMessage, Loading } from "./Feedback";
import { Pager } from "./Pager";

export type SortDir = "asc" | "desc";
/** The active sort: a column's sort key and a direction; null = the list's own order. */
export type SortState = { key: string; dir: SortDir } | null;
type SortValue = string | number | boolean | null | undefined;

export interface Column<T> {
  /** Unique per table; the sort key unless `sortKey` says otherwise. */
  key: string;
  /** Header text; also the card label on a phone and the sort select's option. */
  header: string;
  /** What the column header shows instead of `header` (e.g. a "select all" checkbox). */
  headerNode?: ReactNode;
  /** The cell's value: shown when there is no `render`, compared by client-side sort. */
  accessor?: (row: T) => SortValue;
  /** The cell's content (defaults to the accessor's value). */
  render?: (row: T) => ReactNode;
  /** Offer sorting by this column (server: `sortKey ?? key` goes into the sort param). */
  sortable?: boolean;
  sortKey?: string;
  /** First direction when this column is chosen (figures usually "desc"). Default "asc". */
  firstDir?: SortDir;
  /** Right-aligned, tabular figures. */
  numeric?: boolean;
  className?: string;
  /** Not shown as a labelled line on a card (e.g. the title column already shown first). */
  noCardLabel?: boolean;
}

export interface ServerPaging {
  total: number;
  limit: number;
  offset: number;
  onChange: (offset: number) => void;
}

/** A lazy tree: rows that can open show a toggle; an open row's children are rendered below it. */
export interface RowExpansion<T> {
  canExpand: (row: T) => boolean;
  isExpanded: (row: T) => boolean;
  onToggle: (row: T) => void;
  /** What appears under an open row (e.g. a nested DataTable of its children, loaded lazily). */
  renderExpanded: (row: T) => ReactNode;
  /** Accessible name of the toggle (default: the first column's text). */
  label?: (row: T) => string;
}

export interface DataTableProps<T> {
  columns: Column<T>[];
  /** The rows (of the current page when paging is server-side). Undefined while first loading. */
  rows: readonly T[] | undefined;
  rowKey: (row: T) => string | number;
  loading?: boolean;
  error?: unknown;
  onRetry?: () => void;
  /** Shown when there are no rows (default: "Không có dữ liệu."). */
  empty?: ReactNode;
  /** Controlled sort; leave undefined to let the table keep its own (client-side) sort. */
  sort?: SortState;
  onSortChange?: (sort: SortState) => void;
  /** "server": rows arrive sorted (the table only reports the choice); "client" (default): the table sorts. */
  sortMode?: "client" | "server";
  /** Client-side sort of the list's own (e.g. a tested order with tie-breakers); default: by the column accessor. */
  sorter?: (rows: readonly T[], sort: SortState) => T[];
  /** Initial sort when uncontrolled. */
  defaultSort?: SortState;
  /** Server-side paging. */
  paging?: ServerPaging;
  /** Client-side paging: the table slices `rows` into pages of this size. */
  pageSize?: number;
  expansion?: RowExpansion<T>;
  /** Buttons/links for a row, in a last column. */
  actions?: (row: T) => ReactNode;
  /** Extra attributes of a row: class, data-*. */
  rowProps?: (row: T) => { className?: string } & Record<`data-${string}`, string | number | undefined>;
  caption?: ReactNode;
  testId?: string;
  className?: string;
  /** Inside another table's expanded row: no card frame of its own. */
  nested?: boolean;
}

/** A sort as the API's `sort` param: "name", "-headcount"; undefined when none. */
export function sortParam(sort: SortState): string | undefined {
  if (!sort) return undefined;
  return sort.dir === "desc" ? `-${sort.key}` : sort.key;
}

/** The inverse of sortParam (URL state → SortState). */
export function parseSortParam(value: string | null | undefined): SortState {
  if (!value) return null;
  return value.startsWith("-") ? { key: value.slice(1), dir: "desc" } : { key: value, dir: "asc" };
}

function compareValues(a: SortValue, b: SortValue): number {
  if (typeof a === "string" || typeof b === "string") return compareVi(String(a ?? ""), String(b ?? ""));
  return Number(a) - Number(b);
}

const isMissing = (v: SortValue) => v === null || v === undefined || v === "";

/** A sorted copy: Vietnamese order for text; missing values last in both directions; stable. */
export function sortRows<T>(rows: readonly T[], columns: Column<T>[], sort: SortState): T[] {
  if (!sort) return [...rows];
  const column = columns.find((c) => (c.sortKey ?? c.key) === sort.key);
  const accessor = column?.accessor;
  if (!accessor) return [...rows];
  const sign = sort.dir === "asc" ? 1 : -1;
  return rows
    .map((row, i) => ({ row, i, v: accessor(row) }))
    .sort((x, y) => {
      if (isMissing(x.v) && !isMissing(y.v)) return 1;
      if (isMissing(y.v) && !isMissing(x.v)) return -1;
      const primary = isMissing(x.v) && isMissing(y.v) ? 0 : sign * compareValues(x.v, y.v);
      return primary || x.i - y.i;
    })
    .map((e) => e.row);
}

/** Clicking a header: a new column starts at its first direction; the same column flips. */
export function nextSort<T>(current: SortState, column: Column<T>): SortState {
  const key = column.sortKey ?? column.key;
  if (current && current.key === key) return { key, dir: current.dir === "asc" ? "desc" : "asc" };
  return { key, dir: column.firstDir ?? "asc" };
}

function cellText(value: SortValue): ReactNode {
  if (value === null || value === undefined || value === "") return "—";
  return typeof value === "boolean" ? (value ? "✓" : "—") : String(value);
}

export function DataTable<T>(props: DataTableProps<T>) {
  const { columns, rows, rowKey, loading, error, onRetry, empty, paging, pageSize, expansion, actions, rowProps } = props;
  const { t } = useTranslation();
  const selectId = useId();
  const [ownSort, setOwnSort] = useState<SortState>(props.defaultSort ?? null);
  const [ownOffset, setOwnOffset] = useState(0);
  const controlled = props.sort !== undefined;
  const sort = controlled ? (props.sort ?? null) : ownSort;
  const clientSort = (props.sortMode ?? "client") === "client";

  const setSort = (next: SortState) => {
    if (!controlled) setOwnSort(next);
    setOwnOffset(0);
    props.onSortChange?.(next);
  };

  const sorter = props.sorter;
  const sorted = useMemo(
    () => (rows && clientSort ? (sorter ? sorter(rows, sort) : sortRows(rows, columns, sort)) : (rows ?? [])),
    [rows, columns, sort, clientSort, sorter],
  );
  // Client paging: keep the offset inside the list when it shrinks.
  const clientOffset = pageSize && ownOffset >= sorted.length ? Math.max(0, Math.floor((sorted.length - 1) / pageSize) * pageSize) : ownOffset;
  const visible = pageSize ? sorted.slice(clientOffset, clientOffset + pageSize) : sorted;

  const sortable = columns.filter((c) => c.sortable);
  const colCount = columns.length + (actions ? 1 : 0);
  const firstLabel = (row: T) => {
    const c = columns[0];
    const v = c.accessor?.(row);
    return v === null || v === undefined ? "" : String(v);
  };

  if (error && !rows?.length) return <ErrorMessage error={error} onRetry={onRetry} />;
  if (!rows) return loading === false ? <EmptyState>{empty ?? t("dataTable.empty")}</EmptyState> : <Loading />;

  const classes = ["data-table-block", props.nested ? "is-nested" : "", props.className ?? ""].filter(Boolean).join(" ");
  return (
    <div className={classes} data-testid={props.testId} aria-busy={loading ? true : undefined}>
      {error ? <ErrorMessage error={error} onRetry={onRetry} /> : null}
      {sortable.length > 0 && rows.length > 1 && (
        <div className="data-table-sortbar">
          <label htmlFor={selectId}>{t("dataTable.sortBy")}</label>
          <select
            id={selectId}
            data-testid="table-sort-select"
            value={sortParam(sort) ?? ""}
            onChange={(e) => setSort(parseSortParam(e.target.value))}
          >
            <option value="">{t("dataTable.sortDefault")}</option>
            {sortable.flatMap((c) => {
              const key = c.sortKey ?? c.key;
              const dirs: SortDir[] = c.firstDir === "desc" ? ["desc", "asc"] : ["asc", "desc"];
              return dirs.map((dir) => (
                <option key={`${key}:${dir}`} value={sortParam({ key, dir })}>
                  {t(dir === "asc" ? "dataTable.ascending" : "dataTable.descending", { label: c.header })}
                </option>
              ));
            })}
          </select>
        </div>
      )}
      {rows.length === 0 ? (
        <EmptyState>{empty ?? t("dataTable.empty")}</EmptyState>
      ) : (
        <div className={props.nested ? "data-table-nested" : "table-wrap"}>
          <table className="table data-table">
            {props.caption ? <caption>{props.caption}</caption> : null}
            <thead>
              <tr>
                {columns.map((c) => {
                  const key = c.sortKey ?? c.key;
                  const active = sort?.key === key;
                  const cls = [c.numeric ? "num" : "", c.className ?? ""].filter(Boolean).join(" ") || undefined;
                  if (!c.sortable) {
                    return (
                      <th key={c.key} scope="col" className={cls}>
                        {c.headerNode ?? c.header}
                      </th>
                    );
                  }
                  return (
                    <th key={c.key} scope="col" className={cls} aria-sort={active ? (sort.dir === "asc" ? "ascending" : "descending") : "none"}>
                      <button type="button" className="sort-button" onClick={() => setSort(nextSort(sort, c))} data-testid={`sort-${key}`}>
                        {c.header}
                        <span aria-hidden="true" className="sort-mark">
                          {active ? (sort.dir === "asc" ? " ▲" : " ▼") : " ↕"}
                        </span>
                        <span className="sr-only">{t("dataTable.sortHint")}</span>
                      </button>
                    </th>
                  );
                })}
                {actions ? (
                  <th scope="col" className="data-table-actions">
                    {t("common.actions")}
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {visible.map((row) => {
                const k = rowKey(row);
                const open = expansion?.canExpand(row) && expansion.isExpanded(row);
                const extra = rowProps?.(row) ?? {};
                return (
                  <Fragment key={k}>
                    <tr {...extra} className={[extra.className ?? "", open ? "is-expanded" : ""].filter(Boolean).join(" ") || undefined} data-row-key={k}>
                      {columns.map((c, ci) => {
                        const cls = [c.numeric ? "num" : "", c.className ?? "", ci === 0 ? "data-table-first" : ""].filter(Boolean).join(" ") || undefined;
                        const content = c.render ? c.render(row) : cellText(c.accessor?.(row));
                        return (
                          <td key={c.key} className={cls} data-label={c.noCardLabel || ci === 0 ? undefined : c.header}>
                            {ci === 0 && expansion ? (
                              <span className="data-table-tree">
                                {expansion.canExpand(row) ? (
                                  <button
                                    type="button"
                                    className="tree-toggle"
                                    aria-expanded={!!open}
                                    aria-label={t(open ? "dataTable.collapse" : "dataTable.expand", { name: expansion.label?.(row) ?? firstLabel(row) })}
                                    data-testid="row-toggle"
                                    onClick={() => expansion.onToggle(row)}
                                  >
                                    {open ? "▾" : "▸"}
                                  </button>
                                ) : (
                                  <span className="tree-toggle-spacer" aria-hidden="true" />
                                )}
                                <span>{content}</span>
                              </span>
                            ) : (
                              content
                            )}
                          </td>
                        );
                      })}
                      {actions ? <td className="data-table-actions">{actions(row)}</td> : null}
                    </tr>
                    {open ? (
                      <tr className="data-table-children" data-children-of={k}>
                        <td colSpan={colCount}>{expansion!.renderExpanded(row)}</td>
                      </tr>
                    ) : null}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {paging ? (
        <Pager total={paging.total} limit={paging.limit} offset={paging.offset} onChange={paging.onChange} />
      ) : pageSize ? (
        <Pager total={sorted.length} limit={pageSize} offset={clientOffset} onChange={setOwnOffset} />
      ) : null}
    </div>
  );
}
