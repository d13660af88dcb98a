/**
 * Check-in links shown once after an invite or a token rotation.
 *
 * A handful is shown as cards (QR, copy, print); thousands (a province's subtree) are
 * only counted and offered as a CSV file: rendering 40,000 QR codes would freeze the tab.
 */
import { compareVi } from "./format";
import { toCsv } from "./csv";

/** More links than this are not rendered: the page shows the count and the CSV download. */
export const INLINE_LINKS_MAX = 100;

/** The part of an invite answer this module needs (the generated SiteToken fits it). */
export interface LinkToken {
  site_id: number;
  token: string;
  checkin_url: string;
}

export interface SiteLabel {
  code: string;
  name: string;
  locality?: string | null;
}

export interface LabelledLink extends LinkToken, SiteLabel {}

export function showInline(count: number): boolean {
  return count <= INLINE_LINKS_MAX;
}

/** New links replace older ones of the same site (a rotated token replaces the invite's). */
export function mergeLinks<T extends LinkToken>(prev: readonly T[], next: readonly T[]): T[] {
  const bySite = new Map<number, T>();
  for (const l of prev) bySite.set(l.site_id, l);
  for (const l of next) {
    bySite.delete(l.site_id); // re-insert: the newest last before sorting
    bySite.set(l.site_id, l);
  }
  return [...bySite.values()];
}

/** Links with their sites' code and name; a site not (yet) known keeps "#id". */
export function labelLinks(links: readonly LinkToken[], labels: ReadonlyMap<number, SiteLabel>): LabelledLink[] {
  return links
    .map((l) => {
      const label = labels.get(l.site_id);
      return { ...l, code: label?.code ?? "", name: label?.name ?? `#${l.site_id}`, locality: label?.locality ?? null };
    })
    .sort((a, b) => compareVi(a.name, b.name) || a.code.localeCompare(b.code));
}

/** Site ids among the links whose code and name are not known yet. */
export function unlabelled(links: readonly LinkToken[], labels: ReadonlyMap<number, SiteLabel>): number[] {
  return links.filter((l) => !labels.has(l.site_id)).map((l) => l.site_id);
}

export interface LinksCsvHeaders {
  code: string;
  name: string;
  locality: string;
  url: string;
}

/** The CSV text (RFC 4180, CRLF) of labelled links; `absolute` turns a path into a full URL. */
export function linksCsv(links: readonly LabelledLink[], headers: LinksCsvHeaders, absolute: (url: string) => string): string {
  return toCsv([
    [headers.code, headers.name, headers.locality, headers.url],
    ...links.map((l) => [l.code, l.name, l.locality ?? "", absolute(l.checkin_url)]),
  ]);
}

/** A file name safe on every system: diemcau-<slug>-links-<n>.csv. */
export function linksFileName(slug: string, count: number): string {
  const safe = slug.replace(/[^a-z0-9-]+/gi, "-").replace(/^-+|-+$/g, "") || "seminar";
  return `diemcau-${safe}-links-${count}.csv`;
}
