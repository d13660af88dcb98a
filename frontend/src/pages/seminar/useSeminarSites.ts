/** A seminar's sites as the console reads them: one page of one level, a search, a filter. */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, type ApiQuery, type Schema } from "../../api/http";
import { queryKeys } from "../../api/queryKeys";

export type SeminarSite = Schema<"SeminarSiteRead">;
export type SeminarSitesQuery = ApiQuery<"/api/v1/seminars/{seminar_id}/sites">;

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
