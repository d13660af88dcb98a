/**
 * The site page after the seminar: the tasks the conclusion assigned to this site, each with its due date, its
 * status and the buttons "Đang thực hiện" / "Đã hoàn thành" with a note. Reports go through the page's outbox
 * (src/lib/useSiteQueue.ts, request_id + reported_at): on a lost line they wait on the phone and leave later,
 * and an older report never overwrites a newer one on the server.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { publicApi, siteAuth } from "../../api/http";
import { queryKeys } from "../../api/queryKeys";
import type { SiteTask } from "../../api/types";
import { ErrorMessage } from "../../components/Feedback";
import { Field } from "../../components/Field";
import { formatDateTime, formatDay } from "../../lib/format";
import { useSiteQueue } from "../../lib/useSiteQueue";
import { SiteSendStatus } from "./SiteSendStatus";

type Move = "in_progress" | "done";
// The queue posts to the path as given: the task's own URL (no template left to fill).
type ProgressPath = "/api/v1/site/tasks/{task_id}/progress";
const progressPath = (taskId: number) => `/api/v1/site/tasks/${taskId}/progress` as ProgressPath;

export function SiteTasks({ token, tz }: { token: string; tz: string }) {
  const { t } = useTranslation();
  const key = queryKeys.siteTasks(token);
  const list = useQuery({
    queryKey: key,
    queryFn: () => publicApi.GET("/api/v1/site/tasks", { headers: siteAuth(token) }),
  });
  const items = list.data?.items ?? [];
  return (
    <section className="card site-tasks" aria-labelledby="site-tasks-heading" data-testid="site-tasks">
      <h2 id="site-tasks-heading">{t("followup.siteHeading")}</h2>
      {list.error ? <ErrorMessage error={list.error} onRetry={() => list.refetch()} /> : null}
      {list.data && items.length === 0 && <p className="muted">{t("followup.siteNone")}</p>}
      <ul className="site-task-list">
        {items.map((task) => (
          <SiteTaskItem key={task.id} token={token} task={task} tz={tz} />
        ))}
      </ul>
    </section>
  );
}

function SiteTaskItem({ token, task, tz }: { token: string; task: SiteTask; tz: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const outbox = useSiteQueue(token);
  const [note, setNote] = useState(task.note ?? "");
  const [lastSent, setLastSent] = useState<string | null>(null);
  const put = (answer: SiteTask) =>
    queryClient.setQueryData(queryKeys.siteTasks(token), (old: { items: SiteTask[]; total: number } | undefined) =>
      old ? { ...old, items: old.items.map((i) => (i.id === answer.id ? answer : i)) } : old,
    );
  const send = (status: Move) => {
    const { request_id, settled } = outbox.send(progressPath(task.id), {
      status,
      note: note.trim() || null,
      reported_at: new Date().toISOString(),
    });
    setLastSent(request_id);
    void settled.then((outcome) => {
      if (outcome.status === "sent") put(outcome.answer as SiteTask);
    });
  };
  return (
    <li
      className={`site-task is-${task.status}${task.overdue ? " is-overdue" : ""}`}
      data-testid="site-task"
      data-status={task.status}
      data-task-id={task.id}
    >
      <h3>{task.title}</h3>
      {task.detail ? <p className="muted">{task.detail}</p> : null}
      <p>
        {t("followup.due", { date: formatDay(task.due_on) })}{" "}
        <span className={`badge task-status-${task.status}`} data-testid="site-task-status">
          {t(`followup.status_${task.status}`)}
        </span>{" "}
        {task.overdue ? <span className="badge task-status-overdue">{t("followup.status_overdue")}</span> : null}
      </p>
      {task.updated_at ? (
        <p className="muted small">{t("followup.reportedAt", { time: formatDateTime(task.updated_at, tz) })}</p>
      ) : null}
      <Field label={t("followup.note")}>
        {(p) => (
          <textarea {...p} rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} data-testid="site-task-note" />
        )}
      </Field>
      <div className="form-actions site-task-actions">
        <button
          type="button"
          className="btn"
          disabled={task.status === "in_progress" && note.trim() === (task.note ?? "")}
          onClick={() => send("in_progress")}
          data-testid="site-task-in-progress"
        >
          {t("followup.markInProgress")}
        </button>
        <button
          type="button"
          className="btn btn-primary"
          disabled={task.status === "done"}
          onClick={() => send("done")}
          data-testid="site-task-done"
        >
          {t("followup.markDone")}
        </button>
      </div>
      <SiteSendStatus outbox={outbox} requestId={lastSent} />
    </li>
  );
}
