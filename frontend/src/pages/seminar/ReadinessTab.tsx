/**
 * "Sẵn sàng": the readiness board of the seminar (GET /seminars/{id}/readiness). Counts ready / problem /
 * not checked, then the sites a page at a time as the server orders them: problems first, then the
 * unchecked ones with their coordinator's phone as a `tel:` link (to phone), then the ready ones.
 * Live: every `readiness` message of the staff view refetches the board.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type ApiData } from "../../api/http";
import { queryKeys } from "../../api/queryKeys";
import type { Seminar } from "../../api/types";
import { DataTable, type Column } from "../../components/DataTable";
import { staffEvents, useBusEvent } from "../../lib/eventBus";
import { formatDateTime, formatNumber } from "../../lib/format";
import { TelLink } from "./LiveWaitingList";

export const READINESS_PAGE = 25;

type Board = ApiData<"/api/v1/seminars/{seminar_id}/readiness", "get">;
type BoardSite = Board["sites"][number];

const CHECKS = ["video", "audio", "network"] as const;

function Checks({ site }: { site: BoardSite }) {
  const { t } = useTranslation();
  if (site.readiness === "unchecked") return <span className="muted small">{t("readiness.notChecked")}</span>;
  return (
    <span className="readiness-checks">
      {CHECKS.map((k) => (
        <span key={k} className={`badge ${site[k] === "ok" ? "badge-ok" : "badge-problem"}`}>
          {t(`readiness.${k}`)}: {site[k] === "ok" ? t("readiness.ok") : t("readiness.problem")}
        </span>
      ))}
      {site.note && <span className="readiness-note">“{site.note}”</span>}
    </span>
  );
}

export function ReadinessTab({ seminar }: { seminar: Seminar }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [offset, setOffset] = useState(0);
  const paging = { limit: READINESS_PAGE, offset };
  const q = useQuery({
    queryKey: queryKeys.seminar.readiness(seminar.id, paging),
    queryFn: () =>
      api.GET("/api/v1/seminars/{seminar_id}/readiness", { params: { path: { seminar_id: seminar.id }, query: paging } }),
    placeholderData: keepPreviousData,
  });
  // A site just checked: its row moves (problems first), the counts change.
  useBusEvent(staffEvents, "readiness", () => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.seminar.readiness(seminar.id) });
  });
  const tz = seminar.timezone;
  const columns: Column<BoardSite>[] = [
    {
      key: "name",
      header: t("site.name"),
      accessor: (s) => s.name,
      render: (s) => (
        <>
          <strong>{s.name}</strong>
          <div className="muted small">{s.code}</div>
        </>
      ),
    },
    {
      key: "readiness",
      header: t("readiness.state"),
      accessor: (s) => s.readiness,
      render: (s) => <span className={`badge readiness-${s.readiness}`}>{t(`readiness.state_${s.readiness}`)}</span>,
    },
    { key: "checks", header: t("readiness.checks"), accessor: (s) => s.readiness, render: (s) => <Checks site={s} /> },
    {
      key: "rtt",
      header: t("readiness.rtt"),
      accessor: (s) => s.rtt_ms,
      render: (s) => (s.rtt_ms != null ? t("readiness.ms", { n: formatNumber(s.rtt_ms) }) : "—"),
    },
    { key: "checked_at", header: t("readiness.checkedAt"), accessor: (s) => s.checked_at, render: (s) => formatDateTime(s.checked_at, tz) || "—" },
    {
      key: "coordinator",
      header: t("site.coordinator"),
      accessor: (s) => s.coordinator_name,
      render: (s) => (
        <span className="waiting-contact">
          {s.coordinator_name && <span>{s.coordinator_name}</span>}
          {s.coordinator_phone ? (
            <TelLink phone={s.coordinator_phone} name={s.coordinator_name || s.name} urgent={s.readiness !== "ready"} />
          ) : (
            <span className="muted small">{t("live.noPhone")}</span>
          )}
        </span>
      ),
    },
  ];
  const b = q.data;
  return (
    <section aria-labelledby="readiness-heading" data-testid="readiness-board">
      <h2 id="readiness-heading">{t("readiness.heading")}</h2>
      <p className="muted small">{t("readiness.hint")}</p>
      {b && (
        <div className="readiness-counts" role="status">
          <span className="stat stat-ok" data-testid="readiness-ready">
            <strong>{formatNumber(b.ready)}</strong> {t("readiness.countReady")}
          </span>
          <span className="stat stat-problem" data-testid="readiness-problem">
            <strong>{formatNumber(b.problem)}</strong> {t("readiness.countProblem")}
          </span>
          <span className="stat" data-testid="readiness-unchecked">
            <strong>{formatNumber(b.unchecked)}</strong> {t("readiness.countUnchecked")}
          </span>
        </div>
      )}
      <DataTable
        columns={columns}
        rows={b?.sites}
        rowKey={(s) => s.site_id}
        loading={q.isFetching}
        error={q.error}
        onRetry={() => void q.refetch()}
        empty={t("readiness.none")}
        sortMode="server"
        paging={b ? { total: b.total, limit: READINESS_PAGE, offset, onChange: setOffset } : undefined}
        rowProps={(s) => ({ "data-testid": "readiness-row", "data-site-id": s.site_id, "data-readiness": s.readiness, className: `readiness-row-${s.readiness}` })}
      />
    </section>
  );
}
