/** A seminar's sites as the console reads them: one page of one level, a search, a filter. */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, type ApiQuery, type Schema } from "../../api/http";
import { queryKeys } from "../../api/queryKeys";
import type { SiteLabel } from "../../lib/checkinLinks";

export type SeminarSite = Schema<"SeminarSiteRead">;
export type SeminarSitesQuery = ApiQuery<"/api/v1/seminars/{seminar_id}/sites">;
export type CheckinLink = Schema<"SiteToken">;

export function useSeminarSitesPage(seminarId: number, query: SeminarSitesQuery, enabled = true) {
  return useQuery({
    queryKey: queryKeys.seminar.sites(seminarId, query),
    queryFn: () => api.GET("/api/v1/seminars/{seminar_id}/sites", { params: { path: { seminar_id: seminarId }, query } }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function siteCode(r: SeminarSite): string {
  return r.code ?? "";
}

export function siteName(r: SeminarSite): string {
  return r.name || `#${r.site_id}`;
}

/** The largest page the server serves. */
const LABEL_PAGE = 1000;

/**
 * Code, name and locality of the sites of new links, read from the directory below the
 * invited subtrees' roots, a page at a time, until every id in `wanted` is labelled.
 * Only for the links the page shows or writes to a file: never kept beyond that.
 */
export async function loadLinkLabels(
  roots: readonly number[],
  wanted: readonly number[],
  onProgress?: (loaded: number) => void,
): Promise<Map<number, SiteLabel>> {
  const missing = new Set(wanted);
  const labels = new Map<number, SiteLabel>();
  const take = (s: { id: number; code: string; name: string; locality?: string | null }) => {
    if (missing.delete(s.id)) labels.set(s.id, { code: s.code, name: s.name, locality: s.locality ?? null });
  };
  for (const root of roots) {
    if (missing.size === 0) break;
    if (missing.has(root)) take(await api.GET("/api/v1/sites/{site_id}", { params: { path: { site_id: root } } }));
    for (let offset = 0; missing.size > 0; offset += LABEL_PAGE) {
      const page = await api.GET("/api/v1/sites", { params: { query: { under: root, limit: LABEL_PAGE, offset } } });
      page.items.forEach(take);
      onProgress?.(labels.size);
      if (page.items.length < LABEL_PAGE) break;
    }
  }
  return labels;
}
