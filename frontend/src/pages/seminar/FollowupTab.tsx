/**
 * The console's follow-up after the seminar: the conclusion notice (edit, download conclusion.docx), new tasks
 * for all sites or picked ones with a due date, and the board (TaskBoard). Live: the staff `task` message (a site
 * reported progress, a task changed) refreshes the counts and the open board.
 */
import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, fileRef } from "../../api/http";
import { queryKeys } from "../../api/queryKeys";
import type { Conclusion, Seminar } from "../../api/types";
import { ErrorMessage, Notice } from "../../components/Feedback";
import { Field } from "../../components/Field";
import { staffEvents, useBusEvent } from "../../lib/eventBus";
import { formatDateTime } from "../../lib/format";
import { useDownload } from "../../lib/useDownload";
import { useSeminarSitesPage, type SeminarSite } from "./useSeminarSites";
import { TaskBoard } from "./TaskBoard";

export function FollowupTab({ seminar }: { seminar: Seminar }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  useBusEvent(staffEvents, "task", () => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.seminar.tasks(seminar.id) });
  });
  return (
    <section aria-labelledby="followup-heading" data-testid="followup-tab">
      <h2 id="followup-heading">{t("followup.heading")}</h2>
      <ConclusionForm seminar={seminar} />
      {seminar.status === "live" || seminar.status === "ended" ? (
        <NewTaskForm seminar={seminar} />
      ) : (
        <Notice kind="info">{t("followup.tasksAfterStart")}</Notice>
      )}
      <TaskBoard seminar={seminar} />
    </section>
  );
}

const EMPTY = { text: "", signed_by: "", signer_title: "", issued_on: "", number: "" };

function ConclusionForm({ seminar }: { seminar: Seminar }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const key = queryKeys.seminar.conclusion(seminar.id);
  const params = { path: { seminar_id: seminar.id } };
  const current = useQuery({ queryKey: key, queryFn: () => api.GET("/api/v1/seminars/{seminar_id}/conclusion", { params }) });
  const [form, setForm] = useState(EMPTY);
  const [saved, setSaved] = useState(false);
  const dl = useDownload();
  useEffect(() => {
    const c: Conclusion | null | undefined = current.data;
    if (c) setForm({ ...EMPTY, ...c, signer_title: c.signer_title ?? "", number: c.number ?? "" });
  }, [current.data]);
  const save = useMutation({
    mutationFn: () =>
      api.PUT("/api/v1/seminars/{seminar_id}/conclusion", {
        params,
        body: { ...form, signer_title: form.signer_title.trim() || null, number: form.number.trim() || null },
      }),
    onSuccess: (c) => {
      queryClient.setQueryData(key, c);
      setSaved(true);
    },
  });
  const set = (field: keyof typeof EMPTY) => (e: { target: { value: string } }) => {
    setSaved(false);
    setForm((f) => ({ ...f, [field]: e.target.value }));
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const docx = fileRef("/api/v1/seminars/{seminar_id}/conclusion.docx", { seminar_id: seminar.id });
  return (
    <form className="card conclusion-form" onSubmit={onSubmit} data-testid="conclusion-form">
      <h3>{t("followup.conclusion")}</h3>
      {current.error ? <ErrorMessage error={current.error} onRetry={() => current.refetch()} /> : null}
      <div className="form-grid">
        <Field label={t("followup.number")} hint={t("followup.numberHint")}>
          {(p) => <input {...p} maxLength={100} value={form.number} onChange={set("number")} />}
        </Field>
        <Field label={t("followup.issuedOn")} required>
          {(p) => <input {...p} type="date" value={form.issued_on} onChange={set("issued_on")} />}
        </Field>
        <Field label={t("followup.signedBy")} required>
          {(p) => <input {...p} maxLength={200} value={form.signed_by} onChange={set("signed_by")} />}
        </Field>
        <Field label={t("followup.signerTitle")}>
          {(p) => <input {...p} maxLength={200} value={form.signer_title} onChange={set("signer_title")} />}
        </Field>
      </div>
      <Field label={t("followup.text")} required hint={t("followup.textHint")}>
        {(p) => <textarea {...p} rows={8} value={form.text} onChange={set("text")} data-testid="conclusion-text" />}
      </Field>
      {save.error ? <ErrorMessage error={save.error} /> : null}
      {dl.error ? <ErrorMessage error={dl.error} /> : null}
      {saved && current.data ? (
        <p className="muted" role="status">
          {t("followup.savedAt", { time: formatDateTime(current.data.updated_at, seminar.timezone) })}
        </p>
      ) : null}
      <div className="form-actions">
        <button
          type="button"
          className="btn"
          disabled={!current.data || dl.pending !== null}
          onClick={() => void dl.download(docx, "conclusion.docx")}
          data-testid="conclusion-download"
        >
          {t("followup.download")}
        </button>
        <button type="submit" className="btn btn-primary" disabled={save.isPending} data-testid="conclusion-save">
          {t("common.save")}
        </button>
      </div>
    </form>
  );
}

function NewTaskForm({ seminar }: { seminar: Seminar }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState("");
  const [detail, setDetail] = useState("");
  const [due, setDue] = useState("");
  const [allSites, setAllSites] = useState(true);
  const [picked, setPicked] = useState<SeminarSite[]>([]);
  const [q, setQ] = useState("");
  const found = useSeminarSitesPage(seminar.id, { q: q.trim() || undefined, limit: 20 }, !allSites && q.trim().length > 0);
  const create = useMutation({
    mutationFn: () =>
      api.POST("/api/v1/seminars/{seminar_id}/tasks", {
        params: { path: { seminar_id: seminar.id } },
        body: {
          title,
          detail: detail.trim() || null,
          due_on: due,
          ...(allSites ? { all_sites: true } : { site_ids: picked.map((s) => s.site_id) }),
        },
      }),
    onSuccess: () => {
      setTitle("");
      setDetail("");
      setPicked([]);
      void queryClient.invalidateQueries({ queryKey: queryKeys.seminar.tasks(seminar.id) });
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  const add = (s: SeminarSite) => setPicked((list) => (list.some((p) => p.site_id === s.site_id) ? list : [...list, s]));
  return (
    <form className="card task-form" onSubmit={onSubmit} data-testid="task-form">
      <h3>{t("followup.newTask")}</h3>
      <Field label={t("followup.taskTitle")} required>
        {(p) => <input {...p} maxLength={500} value={title} onChange={(e) => setTitle(e.target.value)} data-testid="task-title" />}
      </Field>
      <Field label={t("followup.taskDetail")}>
        {(p) => <textarea {...p} rows={2} value={detail} onChange={(e) => setDetail(e.target.value)} />}
      </Field>
      <Field label={t("followup.dueOn")} required>
        {(p) => <input {...p} type="date" value={due} onChange={(e) => setDue(e.target.value)} data-testid="task-due" />}
      </Field>
      <fieldset className="task-sites">
        <legend>{t("followup.assignTo")}</legend>
        <label className="checkbox">
          <input type="radio" name="task-sites" checked={allSites} onChange={() => setAllSites(true)} data-testid="task-all-sites" />
          <span>{t("followup.allSites")}</span>
        </label>
        <label className="checkbox">
          <input type="radio" name="task-sites" checked={!allSites} onChange={() => setAllSites(false)} data-testid="task-some-sites" />
          <span>{t("followup.someSites")}</span>
        </label>
        {!allSites && (
          <div className="task-pick">
            <input
              type="search"
              aria-label={t("followup.searchSites")}
              placeholder={t("followup.searchSites")}
              value={q}
              onChange={(e) => setQ(e.target.value)}
              data-testid="task-site-search"
            />
            <ul className="task-pick-results">
              {(found.data?.items ?? [])
                .filter((s) => !s.is_main)
                .map((s) => (
                  <li key={s.site_id}>
                    <button type="button" className="btn btn-sm" onClick={() => add(s)} data-testid="task-site-add">
                      + {s.name} <span className="muted">({s.code})</span>
                    </button>
                  </li>
                ))}
            </ul>
            <p className="muted">{t("followup.picked", { n: picked.length })}</p>
            <ul className="chips">
              {picked.map((s) => (
                <li key={s.site_id} className="chip">
                  {s.name}{" "}
                  <button
                    type="button"
                    className="btn-link"
                    aria-label={t("followup.unpick", { name: s.name })}
                    onClick={() => setPicked((list) => list.filter((p) => p.site_id !== s.site_id))}
                  >
                    ×
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}
      </fieldset>
      {create.error ? <ErrorMessage error={create.error} /> : null}
      <div className="form-actions">
        <button
          type="submit"
          className="btn btn-primary"
          disabled={create.isPending || !title.trim() || !due || (!allSites && picked.length === 0)}
          data-testid="task-create"
        >
          {t("followup.create")}
        </button>
      </div>
    </form>
  );
}
