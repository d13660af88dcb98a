/**
 * The state of a list of sites shown as a lazy tree (no search, no filter) or as flat
 * search results (any search or filter): which mode, the query each mode sends, sorting.
 *
 * Pure functions: the pages (directory, a seminar's sites tab) keep the state, these
 * decide what to ask the server for (sorting and paging: components/DataTable).
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
