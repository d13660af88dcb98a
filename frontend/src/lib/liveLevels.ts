/**
 * Level-by-level navigation of a live seminar tree, shared by the live tab and the big screen:
 * which scope a view shows, its breadcrumb (from the server's `path`), and automatic paging.
 *
 * A scope is a directory site id (null: the seminar's top level). `path` is the scope's participating
 * ancestors from the top level down to the scope itself, as snapshots and GET /attendance send it.
 */

export interface PathEntry {
  id: number;
  name: string;
}

/** A breadcrumb entry; `scope` null means the seminar's top level. */
export interface Crumb {
  scope: number | null;
  name: string;
  /** The view's own scope (shown, not a link). */
  current: boolean;
}

/**
 * The scope to show when the top level is a single site with children (the central site of a national
 * event): its children, not one lonely row. Null when the top level is shown as it is.
 */
export function autoRootOf(scope: number | null, topRows: readonly { id: number; children?: number | null }[]): number | null {
  if (scope !== null || topRows.length !== 1) return null;
  return (topRows[0].children ?? 0) > 0 ? topRows[0].id : null;
}

export interface CrumbOptions {
  /** The label of the top level (e.g. "Toàn hội nghị"). */
  rootLabel: string;
  /** The highest scope the viewer may go up to (a member's subtree); null: the whole seminar. */
  floor?: PathEntry | null;
  /** The single top site shown as the top level (see autoRootOf): it is the root crumb, not a step below it. */
  autoRoot?: number | null;
}

/**
 * The breadcrumb of a view: the top level, then the path's entries down to the scope. A member limited to a
 * subtree starts at its floor (nothing above it is offered); the auto root is folded into the top level.
 */
export function breadcrumb(scope: number | null, path: readonly PathEntry[], { rootLabel, floor = null, autoRoot = null }: CrumbOptions): Crumb[] {
  const entries = scope === null ? [] : path;
  if (floor) {
    const at = entries.findIndex((e) => e.id === floor.id);
    // Before the path arrives (or if the floor is not on it), the floor alone.
    const below = at >= 0 ? entries.slice(at) : [floor];
    return below.map((e, i) => ({ scope: e.id, name: e.name, current: i === below.length - 1 }));
  }
  const steps = entries.filter((e) => e.id !== autoRoot);
  const atRoot = steps.length === 0;
  return [
    { scope: null, name: rootLabel, current: atRoot },
    ...steps.map((e, i) => ({ scope: e.id, name: e.name, current: i === steps.length - 1 })),
  ];
}

/** The scope one level up from `scope` (null: the top level), never above `floor`; undefined when already at the top. */
export function parentScope(scope: number | null, path: readonly PathEntry[], { floor = null, autoRoot = null }: Omit<CrumbOptions, "rootLabel"> = {}): number | null | undefined {
  if (scope === null || scope === floor?.id || scope === autoRoot) return undefined;
  const at = path.findIndex((e) => e.id === scope);
  const up = at > 0 ? path[at - 1].id : null;
  if (up === null || up === autoRoot) return floor ? floor.id : null;
  return up;
}

/** The title of a view: the scope's name from its path (never "#id"); null at the top level or before the path arrives. */
export function scopeTitle(scope: number | null, path: readonly PathEntry[]): string | null {
  if (scope === null) return null;
  const last = path[path.length - 1];
  return last && last.id === scope ? last.name : null;
}

export interface PageSlice<T> {
  rows: T[];
  /** 0-based page shown (wrapped into range). */
  page: number;
  pages: number;
}

/**
 * One page of rows. `page` is a counter that only the timer advances: it wraps into range here, so a
 * live delta that changes a figure (not the number of rows) never moves the screen to another page.
 */
export function pageOf<T>(rows: readonly T[], perPage: number, page: number): PageSlice<T> {
  const size = Math.max(1, Math.floor(perPage));
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const shown = ((page % pages) + pages) % pages;
  return { rows: rows.slice(shown * size, shown * size + size), page: shown, pages };
}

/**
 * How many rows a column of the big screen holds: as many as fit in `heightPx` (rows of `rowPx`), at most
 * `max` (two columns of ten: ≈20 a page), at least `min` (a very short screen still pages sensibly).
 */
export function rowsPerColumn(heightPx: number, rowPx: number, max = 10, min = 4): number {
  if (!(heightPx > 0) || !(rowPx > 0)) return max;
  return Math.max(min, Math.min(max, Math.floor(heightPx / rowPx)));
}

/** Share of `part` in `whole` (0..1), 0 when the whole is empty. */
export function ratio(part: number, whole: number): number {
  return whole > 0 ? Math.min(1, Math.max(0, part / whole)) : 0;
}
