import { useQuery } from "@tanstack/react-query";
import { listAllSeminarSites } from "../../api/endpoints";
import type { SeminarSite } from "../../api/types";

export function useSeminarSites(seminarId: number) {
  return useQuery({
    queryKey: ["seminar", seminarId, "sites"],
    queryFn: () => listAllSeminarSites(seminarId),
  });
}

export function siteCode(r: SeminarSite): string {
  return r.code ?? "";
}

export function siteName(r: SeminarSite): string {
  return r.name || `#${r.site_id}`;
}
