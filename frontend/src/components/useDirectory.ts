/** The site directory as the console reads it: one page at a time, never the whole tree. */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, type ApiQuery, type Schema } from "../api/http";
import { queryKeys } from "../api/queryKeys";

export type Site = Schema<"SiteRead">;
export type DirectoryQuery = ApiQuery<"/api/v1/sites">;
export type SiteLevel = Schema<"SiteLevel">;
export const SITE_LEVELS: SiteLevel[] = ["central", "province", "district", "commune", "unit"];

export function fetchDirectoryPage(query: DirectoryQuery) {
  return api.GET("/api/v1/sites", { params: { query } });
}

/** A page of the directory (search, level, children of a site, below a site). */
export function useDirectoryPage(query: DirectoryQuery, enabled = true) {
  return useQuery({
    queryKey: queryKeys.sites.list(query),
    queryFn: () => fetchDirectoryPage(query),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** A page of a directory tree level (null: the top level). */
export function useDirectoryLevel(parentId: number | null, offset: number, limit: number) {
  return useDirectoryPage(parentId == null ? { root: true, offset, limit } : { parent_id: parentId, offset, limit });
}

/** One site as a one-row page (a tree that starts at that site). */
export function useSiteAsPage(siteId: number | null) {
  return useQuery({
    queryKey: queryKeys.sites.detail(siteId ?? 0),
    queryFn: () => api.GET("/api/v1/sites/{site_id}", { params: { path: { site_id: siteId! } } }),
    enabled: siteId != null,
    select: (site) => ({ items: [site], total: 1 }),
  });
}

/** How many sites lie below `siteId` (a one-row page: only its total is read). */
export function useSubtreeSize(siteId: number | null) {
  const below = useDirectoryPage({ under: siteId ?? 0, limit: 1 }, siteId != null);
  return below.data ? below.data.total : null;
}
