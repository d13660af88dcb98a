/**
 * The console's incidents: open first, then acknowledged, then resolved; acknowledge and
 * resolve with a note. Live: every staff `incident` message refreshes the list (IncidentsBadge
 * invalidates the seminar's incident queries for every tab).
 */
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/http";
import { queryKeys } from "../../api/queryKeys";
import type { Seminar } from "../../api/types";
import { DataTable, type Column } from "../../components/DataTable";
import { ErrorMessage } from "../../components/Feedback";
import { Field } from "../../components/Field";
import { formatDateTime, formatTime } from "../../lib/format";
import type { Incident, IncidentStatus } from "../../lib/incidents";

const PAGE = 50;
const STATUSES: readonly IncidentStatus[] = ["open", "acknowledged", "resolved"];
type Action = "ack" | "resolve";

export function IncidentsTab({ seminar }: { seminar: Seminar }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const tz = seminar.timezone;
  const [status, setStatus] = useState<IncidentStatus | "">("");
  const [offset, setOffset] = useState(0);
  const [acting, setActing] = useState<{ incident: Incident; action: Action } | null>(null);
  const [note, setNote] = useState("");
  const query = { status: status || undefined, limit: PAGE, offset };
  const list = useQuery({
    queryKey: queryKeys.seminar.incidents(seminar.id, query),
    queryFn: () =>
      api.GET("/api/v1/seminars/{seminar_id}/incidents", { params: { path: { seminar_id: seminar.id }, query } }),
  });
  const move = useMutation({
    mutationFn: ({ incident, action }: { incident: Incident; action: Action }) => {
      const params = { path: { seminar_id: seminar.id, incident_id: incident.id } };
      const body = { note: note.trim() || null };
      return action === "ack"
        ? api.POST("/api/v1/seminars/{seminar_id}/incidents/{incident_id}/ack", { params, body })
        : api.POST("/api/v1/seminars/{seminar_id}/incidents/{incident_id}/resolve", { params, body });
    },
    onSuccess: () => {
      setActing(null);
      setNote("");
      void queryClient.invalidateQueries({ queryKey: queryKeys.seminar.incidents(seminar.id) });
    },
  });
  const start = (incident: Incident, action: Action) => {
    move.reset();
    setNote("");
    setActing({ incident, action });
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (acting) move.mutate(acting);
  };
  const columns: Column<Incident>[] = [
    { key: "site", header: t("incidentsConsole.site"), accessor: (i) => i.site_name, noCardLabel: true },
    {
      key: "kind",
      header: t("incidentsConsole.kind"),
      render: (i) => (
        <>
          <strong>{t(`incidents.kind_${i.kind}`)}</strong>
          {i.note ? <div className="muted">{i.note}</div> : null}
        </>
      ),
    },
    {
      key: "status",
      header: t("incidentsConsole.status"),
      render: (i) => (
        <span className={`badge incident-status-${i.status}`} data-testid="incident-status">
          {t(`incidentsConsole.status_${i.status}`)}
        </span>
      ),
    },
    { key: "opened", header: t("incidentsConsole.openedAtHeader"), render: (i) => formatDateTime(i.opened_at, tz) },
    {
      key: "handled",
      header: t("incidentsConsole.handled"),
      render: (i) => (
        <>
          {i.acknowledged_at ? <div>{t("incidentsConsole.ackedAt", { time: formatTime(i.acknowledged_at, tz) })}</div> : null}
          {i.acknowledge_note ? <div className="muted">{i.acknowledge_note}</div> : null}
          {i.resolved_at ? <div>{t("incidentsConsole.resolvedAtLine", { time: formatTime(i.resolved_at, tz) })}</div> : null}
          {i.resolution_note ? <div className="muted">{i.resolution_note}</div> : null}
        </>
      ),
    },
  ];
  return (
    <section aria-labelledby="incidents-heading" data-testid="incidents-tab">
      <div className="toolbar">
        <h2 id="incidents-heading">{t("incidentsConsole.heading")}</h2>
        <label>
          {t("incidentsConsole.status")}{" "}
          <select
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as IncidentStatus | "");
              setOffset(0);
            }}
            data-testid="incidents-filter"
          >
            <option value="">{t("incidentsConsole.all")}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`incidentsConsole.status_${s}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {acting && (
        <form className="card incident-action" onSubmit={onSubmit} data-testid="incident-action-form">
          <p>
            <strong>{acting.incident.site_name}</strong> – {t(`incidents.kind_${acting.incident.kind}`)}
          </p>
          <Field label={t("incidentsConsole.actionNote")}>
            {(p) => <textarea {...p} rows={2} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />}
          </Field>
          {move.error ? <ErrorMessage error={move.error} /> : null}
          <div className="form-actions">
            <button type="button" className="btn" onClick={() => setActing(null)}>
              {t("common.cancel")}
            </button>
            <button type="submit" className="btn btn-primary" disabled={move.isPending} data-testid="incident-action-confirm">
              {t(acting.action === "ack" ? "incidentsConsole.acknowledge" : "incidentsConsole.resolve")}
            </button>
          </div>
        </form>
      )}
      <DataTable<Incident>
        columns={columns}
        rows={list.data?.items}
        rowKey={(i) => i.id}
        loading={list.isPending}
        error={list.error}
        onRetry={() => list.refetch()}
        sortMode="server"
        empty={t("incidentsConsole.empty")}
        paging={list.data ? { total: list.data.total, limit: PAGE, offset, onChange: setOffset } : undefined}
        rowProps={(i) => ({ className: `incident-row is-${i.status}`, "data-testid": "incident-row", "data-status": i.status })}
        actions={(i) =>
          i.status === "resolved" ? null : (
            <>
              {i.status === "open" && (
                <button type="button" className="btn btn-sm" onClick={() => start(i, "ack")} data-testid="incident-ack">
                  {t("incidentsConsole.acknowledge")}
                </button>
              )}
              <button type="button" className="btn btn-sm btn-primary" onClick={() => start(i, "resolve")} data-testid="incident-resolve">
                {t("incidentsConsole.resolve")}
              </button>
            </>
          )
        }
        testId="incidents-table"
      />
    </section>
  );
}
