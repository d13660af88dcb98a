/**
 * Which rows of a lazy tree are open. The tree is never held whole: opening a row fetches
 * its first page of children (each level pages on its own). Closing a row keeps what was
 * open below it, so opening it again comes back as it was (its pages are cached by the
 * query client). Immutable: every function returns a new state (React state friendly).
 */

export interface Expansion {
  /** Rows whose children are shown. */
  open: ReadonlySet<number>;
}

export const EMPTY_EXPANSION: Expansion = { open: new Set() };

export function isOpen(e: Expansion, id: number): boolean {
  return e.open.has(id);
}

export function toggle(e: Expansion, id: number): Expansion {
  const open = new Set(e.open);
  if (open.has(id)) open.delete(id);
  else open.add(id);
  return { open };
}

/** Open rows (e.g. the path down to a site the user should land on). */
export function openAll(e: Expansion, ids: Iterable<number>): Expansion {
  const open = new Set(e.open);
  for (const id of ids) open.add(id);
  return { open };
}
