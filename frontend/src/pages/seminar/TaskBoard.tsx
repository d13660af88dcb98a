/**
 * The follow-up board: per task the counts (done, in progress, not started, overdue: not done and past due in
 * the seminar's time zone, counted by the server); a task opens its per-site rows (DataTable, paged by the
 * server, filtered by status, overdue rows highlighted). A member limited to a subtree sees their sites only.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "../../api/http";
import { queryKeys } from "../../api/queryKeys";
import type { Seminar, TaskSiteRow, TaskSummary } from "../../api/types";
import { DataTable, type Column } from "../../components/DataTable";
import { ErrorMessage, Loading } from "../../components/Feedback";
import { formatDateTime, formatDay, formatNumber } from "../../lib/format";

const PAGE = 50;
const FILTERS = ["not_started", "in_progress", "done", "overdue"] as const;
type Filter = (typeof FILTERS)[number];
const COUNTS = ["done", "in_progress", "not_started", "overdue"] as const;

export function TaskBoard({ seminar }: { seminar: Seminar }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<number | null>(null);
  const tasks = useQuery({
    queryKey: queryKeys.seminar.tasks(seminar.id),
    queryFn: () => api.GET("/api/v1/seminars/{seminar_id}/tasks", { params: { path: { seminar_id: seminar.id } } }),
  });
  if (tasks.isPending) return <Loading />;
  if (tasks.error) return <ErrorMessage error={tasks.error} onRetry={() => tasks.refetch()} />;
  const items = tasks.data.items;
  return (
    <section className="task-board" aria-labelledby="task-board-heading" data-testid="task-board">
      <h3 id="task-board-heading">{t("followup.board")}</h3>
      {items.length === 0 && <p className="muted">{t("followup.noTasks")}</p>}
      <ul className="task-cards">
        {items.map((task) => (
          <li key={task.id} className={`card task-card${open === task.id ? " is-open" : ""}`} data-testid="task-card" data-task-id={task.id}>
            <button
              type="button"
              className="task-card-head"
              aria-expanded={open === task.id}
              onClick={() => setOpen(open === task.id ? null : task.id)}
              data-testid="task-open"
            >
              <strong>{task.title}</strong>
              <span className="muted"> · {t("followup.due", { date: formatDay(task.due_on) })}</span>
            </button>
            <TaskCounts task={task} />
            {open === task.id && <TaskSites seminar={seminar} task={task} />}
          </li>
        ))}
      </ul>
    </section>
  );
}

function TaskCounts({ task }: { task: TaskSummary }) {
  const { t } = useTranslation();
  return (
    <p className="task-counts">
      {t("followup.assigned", { n: formatNumber(task.assigned) })}
      {COUNTS.map((c) => (
        <span key={c} className={`badge task-status-${c}`} data-testid={`task-count-${c}`} data-count={task[c]}>
          {t(`followup.status_${c}`)}: {formatNumber(task[c])}
        </span>
      ))}
    </p>
  );
}

function TaskSites({ seminar, task }: { seminar: Seminar; task: TaskSummary }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<Filter | "">("");
  const [q, setQ] = useState("");
  const [offset, setOffset] = useState(0);
  const query = { status: status || undefined, q: q.trim() || undefined, limit: PAGE, offset };
  const rows = useQuery({
    queryKey: queryKeys.seminar.taskSites(seminar.id, task.id, query),
    queryFn: () =>
      api.GET("/api/v1/seminars/{seminar_id}/tasks/{task_id}/sites", {
        params: { path: { seminar_id: seminar.id, task_id: task.id }, query },
      }),
    placeholderData: keepPreviousData,
  });
  const columns: Column<TaskSiteRow>[] = [
    {
      key: "site",
      header: t("followup.site"),
      noCardLabel: true,
      render: (r) => (
        <>
          <strong>{r.name}</strong> <span className="muted">({r.code})</span>
        </>
      ),
    },
    {
      key: "status",
      header: t("followup.status"),
      render: (r) => (
        <>
          <span className={`badge task-status-${r.status}`} data-testid="task-site-status">
            {t(`followup.status_${r.status}`)}
          </span>
          {r.overdue ? <span className="badge task-status-overdue">{t("followup.status_overdue")}</span> : null}
        </>
      ),
    },
    { key: "note", header: t("followup.note"), render: (r) => r.note ?? "" },
    { key: "updated", header: t("followup.updatedAt"), render: (r) => (r.updated_at ? formatDateTime(r.updated_at, seminar.timezone) : "—") },
  ];
  return (
    <div className="task-sites" data-testid="task-sites">
      <div className="toolbar">
        <label>
          {t("followup.status")}{" "}
          <select
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as Filter | "");
              setOffset(0);
            }}
            data-testid="task-sites-filter"
          >
            <option value="">{t("followup.all")}</option>
            {FILTERS.map((f) => (
              <option key={f} value={f}>
                {t(`followup.status_${f}`)}
              </option>
            ))}
          </select>
        </label>
        <input
          type="search"
          aria-label={t("followup.searchSites")}
          placeholder={t("followup.searchSites")}
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            setOffset(0);
          }}
        />
      </div>
      <DataTable<TaskSiteRow>
        columns={columns}
        rows={rows.data?.items}
        rowKey={(r) => r.site_id}
        loading={rows.isPending}
        error={rows.error}
        onRetry={() => rows.refetch()}
        sortMode="server"
        empty={t("followup.noSites")}
        paging={rows.data ? { total: rows.data.total, limit: PAGE, offset, onChange: setOffset } : undefined}
        rowProps={(r) => ({
          className: `task-site-row is-${r.status}${r.overdue ? " is-overdue" : ""}`,
          "data-testid": "task-site-row",
          "data-status": r.status,
          "data-code": r.code,
        })}
        testId="task-sites-table"
      />
    </div>
  );
}
