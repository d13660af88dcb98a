/**
 * Check-in links shown once after an invite or a token rotation.
 *
 * The invite's answer names every site (code, name, locality), so the list and the CSV file
 * are written from it alone: nothing is read back from the directory. A handful is shown as
 * cards (QR, copy, print); thousands (a province's subtree) are only counted and offered as a
 * CSV file: rendering 40,000 QR codes would freeze the tab.
 */
import type { CheckinLink } from "../api/types";
import { compareVi } from "./format";
import { toCsv } from "./csv";

/** More links than this are not rendered: the page shows the count and the CSV download. */
export const INLINE_LINKS_MAX = 100;

/** One new link as the invite (or a rotation) answers it (the generated SiteToken). */
export type { CheckinLink };

export function showInline(count: number): boolean {
  return count <= INLINE_LINKS_MAX;
}

/** New links replace older ones of the same site (a rotated token replaces the invite's). */
export function mergeLinks<T extends Pick<CheckinLink, "site_id">>(prev: readonly T[], next: readonly T[]): T[] {
  const bySite = new Map<number, T>();
  for (const l of prev) bySite.set(l.site_id, l);
  for (const l of next) bySite.set(l.site_id, l);
  return [...bySite.values()];
}

/** The links in Vietnamese order of their sites' names (then codes): how the page and the file list them. */
export function sortLinks(links: readonly CheckinLink[]): CheckinLink[] {
  return [...links].sort((a, b) => compareVi(a.name, b.name) || a.code.localeCompare(b.code));
}

export interface LinksCsvHeaders {
  code: string;
  name: string;
  locality: string;
  url: string;
}

/** The CSV text (RFC 4180, CRLF) of the links, sorted; `absolute` turns a path into a full URL. */
export function linksCsv(links: readonly CheckinLink[], headers: LinksCsvHeaders, absolute: (url: string) => string): string {
  return toCsv([
    [headers.code, headers.name, headers.locality, headers.url],
    ...sortLinks(links).map((l) => [l.code, l.name, l.locality ?? "", absolute(l.checkin_url)]),
  ]);
}

/** A file name safe on every system: diemcau-<slug>-links-<n>.csv. */
export function linksFileName(slug: string, count: number): string {
  const safe = slug.replace(/[^a-z0-9-]+/gi, "-").replace(/^-+|-+$/g, "") || "seminar";
  return `diemcau-${safe}-links-${count}.csv`;
}
