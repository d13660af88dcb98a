/** A level of the live tab: its sites with their subtrees' figures, and the manual headcount override. */
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/http";
import { queryKeys } from "../../api/queryKeys";
import type { LiveStaffSiteRow, Seminar, SeminarSiteStatus } from "../../api/types";
import { DataTable, type Column } from "../../components/DataTable";
import { ErrorMessage } from "../../components/Feedback";
import { formatNumber, formatTime } from "../../lib/format";
import { TelLink } from "./LiveWaitingList";

export type Filter = "all" | "connected" | "lost" | "pending" | "declined";
export const FILTERS: Filter[] = ["all", "connected", "lost", "pending", "declined"];

export function filterOf(status: SeminarSiteStatus): Filter {
  if (status === "checked_in") return "connected";
  if (status === "disconnected") return "lost";
  if (status === "declined") return "declined";
  return "pending";
}
function OverrideForm({ seminarId, site, onDone }: { seminarId: number; site: LiveStaffSiteRow; onDone: (msg: string) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [value, setValue] = useState(String(site.own_headcount ?? site.headcount ?? 0));
  const [err, setErr] = useState<string | null>(null);
  const m = useMutation({
    mutationFn: (n: number) =>
      api.POST("/api/v1/seminars/{seminar_id}/sites/{site_id}/headcount", {
        params: { path: { seminar_id: seminarId, site_id: site.id } },
        body: { headcount: n },
      }),
    onSuccess: (a) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.seminar.attendance(seminarId) });
      onDone(t("live.overrideDone", { name: site.name, n: formatNumber(a.headcount) }));
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const n = Number(value);
    if (value.trim() === "" || !Number.isInteger(n) || n < 0) {
      setErr(t("validation.nonNegative"));
      return;
    }
    setErr(null);
    m.mutate(n);
  };
  const inputId = `override-${site.id}`;
  return (
    <form className="override-form" onSubmit={submit} noValidate data-testid="override-form">
      <label htmlFor={inputId} className="sr-only">
        {t("live.overrideLabel", { name: site.name })}
      </label>
      <input
        id={inputId}
        type="number"
        min={0}
        inputMode="numeric"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        aria-invalid={err ? true : undefined}
        autoFocus
      />
      <button type="submit" className="btn btn-small btn-primary" disabled={m.isPending}>
        {m.isPending ? t("common.saving") : t("common.save")}
      </button>
      <button type="button" className="btn btn-small" onClick={() => onDone("")}>
        {t("common.cancel")}
      </button>
      {err && <small className="field-error">{err}</small>}
      {m.error ? <ErrorMessage error={m.error} /> : null}
    </form>
  );
}

interface LevelTableProps {
  seminar: Seminar;
  /** Undefined until the level's rows arrive (HTTP or socket, whichever first). */
  rows: LiveStaffSiteRow[] | undefined;
  error: unknown;
  onRetry: () => void;
  editing: number | null;
  onEdit: (siteId: number) => void;
  onDone: (msg: string) => void;
  onOpen: (siteId: number) => void;
}

/** Rows per page of a level (a province has a few hundred communes at most): the waiting list stays near. */
const LEVEL_PAGE = 25;

/** The level's sites, each with its subtree's figures; a site with children opens its level. */
export function LevelTable({ seminar, rows, error, onRetry, editing, onEdit, onDone, onOpen }: LevelTableProps) {
  const { t } = useTranslation();
  const tz = seminar.timezone;
  const locked = seminar.status === "ended" || seminar.status === "cancelled" || seminar.status === "draft";
  const columns: Column<LiveStaffSiteRow>[] = [
    {
      key: "name",
      header: t("site.name"),
      accessor: (r) => r.name,
      sortable: true,
      render: (r) => (
        <>
          <div>
            {r.is_main && <span className="badge badge-main">{t("sitesTab.main")}</span>}
            {r.children > 0 ? (
              <button type="button" className="link-button" onClick={() => onOpen(r.id)} aria-label={t("display.openScope", { name: r.name })}>
                {r.name}
              </button>
            ) : (
              r.name
            )}
          </div>
          <div className="muted small">
            {r.code} · {t(`level.${r.level}`)}
            {r.children > 0 ? ` · ${t("display.childSites", { n: formatNumber(r.children) })}` : ""}
          </div>
        </>
      ),
    },
    {
      key: "status",
      header: t("sitesTab.status"),
      accessor: (r) => FILTERS.indexOf(filterOf(r.status)),
      sortable: true,
      render: (r) => {
        const f = filterOf(r.status);
        return (
          <>
            <span className={`badge badge-${r.status}`} data-status={r.status}>
              {f === "connected" ? t("live.statusConnected") : f === "lost" ? t("live.statusLost") : f === "pending" ? t("live.statusPending") : t("status.site.declined")}
            </span>
            {f === "pending" && <div className="muted small">{t(`status.site.${r.status}`)}</div>}
          </>
        );
      },
    },
    {
      key: "headcount",
      header: t("sitesTab.headcount"),
      accessor: (r) => r.headcount,
      sortable: true,
      firstDir: "desc",
      numeric: true,
      render: (r) => (
        <>
          <strong>{formatNumber(r.headcount)}</strong>
          {r.children > 0 && r.own_headcount !== r.headcount && <div className="muted small">{t("live.own", { n: formatNumber(r.own_headcount) })}</div>}
        </>
      ),
    },
    {
      key: "connected",
      header: t("live.connectedOfInvited"),
      accessor: (r) => r.sites_connected,
      sortable: true,
      firstDir: "desc",
      numeric: true,
      render: (r) => `${formatNumber(r.sites_connected)}/${formatNumber(r.sites_invited)}`,
    },
    {
      key: "waiting",
      header: t("live.sitesWaiting"),
      accessor: (r) => r.sites_waiting,
      sortable: true,
      firstDir: "desc",
      numeric: true,
      render: (r) => (r.sites_waiting > 0 ? <strong className="text-warn">{formatNumber(r.sites_waiting)}</strong> : "0"),
    },
    {
      key: "last_report",
      header: t("live.lastReport"),
      accessor: (r) => r.last_report_at,
      sortable: true,
      firstDir: "desc",
      render: (r) => (r.last_report_at ? formatTime(r.last_report_at, tz) : "—"),
    },
    {
      key: "coordinator",
      header: t("site.coordinator"),
      accessor: (r) => r.coordinator_name,
      render: (r) => (
        <>
          {r.coordinator_name || "—"}
          {r.coordinator_phone && (
            <div>
              <TelLink phone={r.coordinator_phone} name={r.coordinator_name || r.name} urgent={filterOf(r.status) === "pending"} />
            </div>
          )}
        </>
      ),
    },
  ];
  return (
    <DataTable
      testId="live-sites"
      className="live-table"
      columns={columns}
      rows={rows}
      error={error}
      onRetry={onRetry}
      empty={t("live.noSites")}
      rowKey={(r) => r.id}
      pageSize={LEVEL_PAGE}
      rowProps={(r) => ({ "data-testid": "live-site-row", "data-site-id": r.id, "data-status": r.status })}
      actions={(r) =>
        editing === r.id ? (
          <OverrideForm seminarId={seminar.id} site={r} onDone={onDone} />
        ) : (
          <button type="button" className="btn btn-small" disabled={locked} onClick={() => onEdit(r.id)} aria-label={t("live.overrideFor", { name: r.name })}>
            {t("live.override")}
          </button>
        )
      }
    />
  );
}
