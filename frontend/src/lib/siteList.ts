/**
 * The state of a list of sites shown as a lazy tree (no search, no filter) or as flat
 * search results (any search or filter): which mode, the query each mode sends, sorting.
 *
 * Pure functions: the pages (directory, a seminar's sites tab) keep the state, these
 * decide what to ask the server for. Nothing here knows the whole tree.
 */

/** What the user typed and picked above a list of sites. Empty string: not filtered. */
export interface SiteFilters {
  q: string;
  level: string;
  status: string;
  neverConnected: boolean;
  problem: boolean;
}

export const NO_FILTERS: SiteFilters = { q: "", level: "", status: "", neverConnected: false, problem: false };

/** A search or any filter shows matching rows flat (with their path); otherwise the tree. */
export function isFlat(f: SiteFilters): boolean {
  return f.q.trim().length > 0 || f.level !== "" || f.status !== "" || f.neverConnected || f.problem;
}

/** How many filters are set besides the search (shown on the phone's "Lọc" toggle). */
export function activeFilterCount(f: SiteFilters): number {
  return Number(f.level !== "") + Number(f.status !== "") + Number(f.neverConnected) + Number(f.problem);
}

/** Where a page of rows comes from: the top level, the children of a site, anywhere below a site. */
export type Placement = { root: true } | { parent_id: number } | { under: number } | Record<string, never>;

/** Query parameters of the filters: empty ones are left out (the server treats absent as "any"). */
export function filterParams(f: SiteFilters): { q?: string; level?: string; status?: string; never_connected?: true; problem?: true } {
  const out: { q?: string; level?: string; status?: string; never_connected?: true; problem?: true } = {};
  const q = f.q.trim();
  if (q) out.q = q;
  if (f.level) out.level = f.level;
  if (f.status) out.status = f.status;
  if (f.neverConnected) out.never_connected = true;
  if (f.problem) out.problem = true;
  return out;
}

// --- sorting: the server's `sort` parameter, "-" prefix = descending -----------------------

export interface SortState {
  key: string;
  desc: boolean;
}

export function parseSort(sort: string | null | undefined, fallback = "name"): SortState {
  const s = (sort ?? "").trim();
  if (!s) return { key: fallback, desc: false };
  return s.startsWith("-") ? { key: s.slice(1), desc: true } : { key: s, desc: false };
}

export function formatSort(s: SortState): string {
  return s.desc ? `-${s.key}` : s.key;
}

/**
 * Clicking a column: a new column sorts ascending (numbers and times descending first,
 * the way organizers read them: biggest, latest); the same column flips direction.
 */
export function nextSort(current: string, key: string, descFirst: readonly string[] = []): string {
  const cur = parseSort(current);
  if (cur.key !== key) return formatSort({ key, desc: descFirst.includes(key) });
  return formatSort({ key, desc: !cur.desc });
}

/** aria-sort of a column header. */
export function ariaSort(current: string, key: string): "ascending" | "descending" | "none" {
  const cur = parseSort(current);
  if (cur.key !== key) return "none";
  return cur.desc ? "descending" : "ascending";
}

// --- paging -----------------------------------------------------------------------------------

export function pageCount(total: number, limit: number): number {
  return Math.max(1, Math.ceil(total / Math.max(1, limit)));
}

/** The offset of the page holding `offset` after the total shrank (e.g. a filter narrowed it). */
export function clampOffset(offset: number, total: number, limit: number): number {
  if (offset < total) return offset;
  return Math.max(0, (pageCount(total, limit) - 1) * limit);
}
