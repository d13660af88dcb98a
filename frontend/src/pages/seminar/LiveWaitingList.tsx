/**
 * "Chưa điểm danh": the sites of the current level's subtree that have not checked in yet, a page at a
 * time from the server (GET /seminars/{id}/sites?under=…&never_connected=true), each with its
 * coordinator's phone as a `tel:` link, so that a province's staff phone their own sites.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, type ApiData } from "../../api/http";
import { queryKeys } from "../../api/queryKeys";
import { DataTable, sortParam, type Column, type SortState } from "../../components/DataTable";
import { formatNumber } from "../../lib/format";

export const WAITING_PAGE = 20;

/** A `tel:` link to a coordinator (digits and + only in the href). */
export function TelLink({ phone, name, urgent }: { phone: string; name: string; urgent?: boolean }) {
  const { t } = useTranslation();
  return (
    <a href={`tel:${phone.replace(/[^\d+]/g, "")}`} className={urgent ? "tel-link tel-urgent" : "tel-link"} aria-label={t("live.call", { name, phone })}>
      {phone}
    </a>
  );
}

type WaitingSite = ApiData<"/api/v1/seminars/{seminar_id}/sites", "get">["items"][number];

export function WaitingList({ seminarId, scope, scopeName }: { seminarId: number; scope: number | null; scopeName: string | null }) {
  const { t } = useTranslation();
  const [offset, setOffset] = useState(0);
  const [sort, setSort] = useState<SortState>({ key: "name", dir: "asc" });
  const query = { under: scope ?? undefined, never_connected: true, sort: sortParam(sort) ?? "name", limit: WAITING_PAGE, offset };
  const q = useQuery({
    queryKey: queryKeys.seminar.sites(seminarId, query),
    queryFn: () => api.GET("/api/v1/seminars/{seminar_id}/sites", { params: { path: { seminar_id: seminarId }, query } }),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });
  const columns: Column<WaitingSite>[] = [
    {
      key: "name",
      header: t("site.name"),
      accessor: (s) => s.name,
      sortable: true,
      render: (s) => (
        <>
          <strong>{s.name}</strong>
          <div className="muted small">{t(`level.${s.level}`)}</div>
        </>
      ),
    },
    { key: "code", header: t("site.code"), accessor: (s) => s.code, sortable: true },
    { key: "status", header: t("sitesTab.status"), accessor: (s) => s.status, sortable: true, render: (s) => t(`status.site.${s.status}`) },
    {
      key: "coordinator",
      header: t("site.coordinator"),
      accessor: (s) => s.coordinator_name,
      render: (s) => (
        <span className="waiting-contact">
          {s.coordinator_name && <span>{s.coordinator_name}</span>}
          {s.coordinator_phone ? <TelLink phone={s.coordinator_phone} name={s.coordinator_name || s.name} urgent /> : <span className="muted small">{t("live.noPhone")}</span>}
        </span>
      ),
    },
  ];
  return (
    <section className="live-waiting" aria-labelledby="live-waiting-heading" data-testid="waiting-list">
      <h3 id="live-waiting-heading">
        {scopeName ? t("live.waitingUnder", { name: scopeName }) : t("live.waitingHeading")}
        {q.data ? ` (${formatNumber(q.data.total)})` : ""}
      </h3>
      <p className="muted small">{t("live.waitingHint")}</p>
      <DataTable
        columns={columns}
        rows={q.data?.items}
        rowKey={(s) => s.site_id}
        loading={q.isFetching}
        error={q.error}
        onRetry={() => void q.refetch()}
        empty={t("live.waitingNone")}
        sort={sort}
        sortMode="server"
        onSortChange={(next) => {
          setSort(next ?? { key: "name", dir: "asc" });
          setOffset(0);
        }}
        paging={q.data ? { total: q.data.total, limit: WAITING_PAGE, offset, onChange: setOffset } : undefined}
        rowProps={(s) => ({ "data-testid": "waiting-row", "data-site-id": s.site_id })}
      />
    </section>
  );
}
