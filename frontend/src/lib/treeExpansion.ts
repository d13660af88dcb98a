/**
 * Which rows of a lazy tree are open and how many pages of children each one shows.
 *
 * The tree is never held whole: opening a row fetches its first page of children,
 * "show more" fetches the next page. Closing a row keeps what was open below it, so
 * opening it again comes back as it was (the pages are cached by the query client).
 * Immutable: every function returns a new state (React state friendly).
 */

export interface Expansion {
  /** Rows whose children are shown. */
  open: ReadonlySet<number>;
  /** Pages of children shown per open row (1 when absent). */
  pages: ReadonlyMap<number, number>;
}

export const EMPTY_EXPANSION: Expansion = { open: new Set(), pages: new Map() };

export function isOpen(e: Expansion, id: number): boolean {
  return e.open.has(id);
}

export function pagesShown(e: Expansion, id: number): number {
  return e.pages.get(id) ?? 1;
}

export function toggle(e: Expansion, id: number): Expansion {
  const open = new Set(e.open);
  if (open.has(id)) open.delete(id);
  else open.add(id);
  return { ...e, open };
}

/** Open rows (e.g. the path down to a site the user should land on). */
export function openAll(e: Expansion, ids: Iterable<number>): Expansion {
  const open = new Set(e.open);
  for (const id of ids) open.add(id);
  return { ...e, open };
}

export function collapseAll(): Expansion {
  return EMPTY_EXPANSION;
}

/** One more page of `id`'s children; never beyond the pages its total needs. */
export function showMore(e: Expansion, id: number, total: number, pageSize: number): Expansion {
  const needed = Math.max(1, Math.ceil(total / pageSize));
  const next = Math.min(pagesShown(e, id) + 1, needed);
  const pages = new Map(e.pages);
  pages.set(id, next);
  return { ...e, pages };
}

/** Rows still hidden under `id` once `pages` pages of `pageSize` are shown. */
export function remaining(total: number, pages: number, pageSize: number): number {
  return Math.max(0, total - pages * pageSize);
}

/** The offsets of the pages of children shown: [0, size, 2·size, …]. */
export function pageOffsets(pages: number, pageSize: number): number[] {
  return Array.from({ length: Math.max(1, pages) }, (_, i) => i * pageSize);
}
