import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, ApiError } from "../../api/http";
import { queryKeys } from "../../api/queryKeys";
import { AGENDA_KINDS, type AgendaItem, type AgendaItemInput, type AgendaKind, type Seminar } from "../../api/types";
import { ConfirmDialog, Dialog } from "../../components/Dialog";
import { EmptyState, ErrorMessage, Loading } from "../../components/Feedback";
import { Field } from "../../components/Field";
import { formatInputValue, formatNumber, formatTime, isoToZonedInput, zonedInputToIso } from "../../lib/format";
import { agendaState, AgendaStartEndButtons, byPosition, useAgendaAction, useAgendaItems } from "./agendaShared";

interface ItemFormProps {
  seminar: Seminar;
  item: AgendaItem | null;
  onDone: () => void;
}

function AgendaItemForm({ seminar, item, onDone }: ItemFormProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const tz = seminar.timezone;
  const [kind, setKind] = useState<AgendaKind>(item?.kind ?? "paper");
  const [title, setTitle] = useState(item?.title ?? "");
  const [speaker, setSpeaker] = useState(item?.speaker_name ?? "");
  const [speakerUnit, setSpeakerUnit] = useState(item?.speaker_unit ?? "");
  const [plannedStart, setPlannedStart] = useState(isoToZonedInput(item?.planned_start, tz));
  const [minutes, setMinutes] = useState(item?.planned_minutes != null ? String(item.planned_minutes) : "");
  const [localErr, setLocalErr] = useState<Record<string, string>>({});
  const mutation = useMutation({
    mutationFn: (data: AgendaItemInput) =>
      item
        ? api.PATCH("/api/v1/seminars/{seminar_id}/agenda/{item_id}", { params: { path: { seminar_id: seminar.id, item_id: item.id } }, body: data })
        : api.POST("/api/v1/seminars/{seminar_id}/agenda", { params: { path: { seminar_id: seminar.id } }, body: data }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.seminar.agenda(seminar.id) });
      onDone();
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!title.trim()) errs.title = t("validation.required");
    if (minutes && !(Number(minutes) > 0)) errs.planned_minutes = t("validation.positive");
    setLocalErr(errs);
    if (Object.keys(errs).length) return;
    mutation.mutate({
      kind,
      title: title.trim(),
      speaker_name: speaker.trim() || null,
      speaker_unit: speakerUnit.trim() || null,
      planned_start: zonedInputToIso(plannedStart, tz),
      planned_minutes: minutes ? Number(minutes) : null,
    });
  };
  const server = mutation.error instanceof ApiError ? mutation.error.fieldErrors : {};
  const err = (k: string) => localErr[k] ?? server[k] ?? null;
  return (
    <form onSubmit={onSubmit} noValidate data-testid="agenda-form" onChange={() => setLocalErr((e) => (Object.keys(e).length ? {} : e))}>
      <Field label={t("agenda.kind")} error={err("kind")} required>
        {(p) => (
          <select {...p} value={kind} onChange={(e) => setKind(e.target.value as AgendaKind)}>
            {AGENDA_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`agendaKind.${k}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t("agenda.title")} error={err("title")} required>
        {(p) => <input {...p} value={title} onChange={(e) => setTitle(e.target.value)} autoFocus />}
      </Field>
      <div className="form-row">
        <Field label={t("agenda.speaker_name")} error={err("speaker_name")}>
          {(p) => <input {...p} value={speaker} onChange={(e) => setSpeaker(e.target.value)} />}
        </Field>
        <Field label={t("agenda.speaker_unit")} error={err("speaker_unit")}>
          {(p) => <input {...p} value={speakerUnit} onChange={(e) => setSpeakerUnit(e.target.value)} />}
        </Field>
      </div>
      <div className="form-row">
        <Field label={t("agenda.planned_start")} error={err("planned_start")} hint={plannedStart ? t("seminarForm.when", { when: formatInputValue(plannedStart), tz }) : t("agenda.tzHint", { tz })}>
          {(p) => <input {...p} type="datetime-local" value={plannedStart} onChange={(e) => setPlannedStart(e.target.value)} />}
        </Field>
        <Field label={t("agenda.planned_minutes")} error={err("planned_minutes")}>
          {(p) => <input {...p} type="number" min={1} inputMode="numeric" value={minutes} onChange={(e) => setMinutes(e.target.value)} />}
        </Field>
      </div>
      {mutation.error ? <ErrorMessage error={mutation.error} /> : null}
      <div className="form-actions">
        <button type="button" className="btn" onClick={onDone}>
          {t("common.cancel")}
        </button>
        <button type="submit" className="btn btn-primary" disabled={mutation.isPending} data-testid="agenda-save">
          {mutation.isPending ? t("common.saving") : t("common.save")}
        </button>
      </div>
    </form>
  );
}

export function AgendaTab({ seminar }: { seminar: Seminar }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const key = queryKeys.seminar.agenda(seminar.id);
  const q = useAgendaItems(seminar.id);
  const [editing, setEditing] = useState<AgendaItem | "new" | null>(null);
  const [deleting, setDeleting] = useState<AgendaItem | null>(null);
  const [focusAfter, setFocusAfter] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);

  const items = q.data ?? [];


  const move = useMutation({
    mutationFn: ({ item, target }: { item: AgendaItem; target: AgendaItem; dir: "up" | "down" }) =>
      api.PATCH("/api/v1/seminars/{seminar_id}/agenda/{item_id}", {
        params: { path: { seminar_id: seminar.id, item_id: item.id } },
        body: { position: target.position },
      }),
    onMutate: async ({ item, target, dir }) => {
      setActionError(null);
      setFocusAfter(`${item.id}:${dir}`);
      await queryClient.cancelQueries({ queryKey: key });
      const prev = queryClient.getQueryData<AgendaItem[]>(key);
      if (prev) {
        const next = prev.map((x) =>
          x.id === item.id ? { ...x, position: target.position } : x.id === target.id ? { ...x, position: item.position } : x,
        );
        queryClient.setQueryData(key, next.sort(byPosition));
      }
      return { prev };
    },
    onError: (e, _v, ctx) => {
      if (ctx?.prev) queryClient.setQueryData(key, ctx.prev);
      setActionError(e);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: key }),
  });

  const act = useAgendaAction(seminar.id, setActionError);

  const del = useMutation({
    mutationFn: (item: AgendaItem) =>
      api.DELETE("/api/v1/seminars/{seminar_id}/agenda/{item_id}", { params: { path: { seminar_id: seminar.id, item_id: item.id } } }),
    onSuccess: () => {
      setDeleting(null);
      void queryClient.invalidateQueries({ queryKey: key });
    },
  });

  useEffect(() => {
    if (!focusAfter) return;
    const [id, dir] = focusAfter.split(":");
    const other = dir === "up" ? "down" : "up";
    const el = document.querySelector<HTMLButtonElement>(`[data-focus-key="${id}:${dir}"]`);
    const alt = document.querySelector<HTMLButtonElement>(`[data-focus-key="${id}:${other}"]`);
    if (el && !el.disabled) el.focus();
    else if (alt && !alt.disabled) alt.focus();
    else document.querySelector<HTMLElement>(`[data-focus-row="${id}"]`)?.focus();
    if (!move.isPending) setFocusAfter(null);
  }, [q.data, focusAfter, move.isPending]);

  const tz = seminar.timezone;

  return (
    <div>
      <div className="section-head">
        <h2>{t("agenda.heading")}</h2>
        <button type="button" className="btn btn-primary" onClick={() => setEditing("new")} data-testid="agenda-add">
          {t("agenda.add")}
        </button>
      </div>
      {q.isPending && <Loading />}
      {q.error && <ErrorMessage error={q.error} onRetry={() => q.refetch()} />}
      {actionError ? <ErrorMessage error={actionError} /> : null}
      {q.data && items.length === 0 && <EmptyState>{t("agenda.empty")}</EmptyState>}
      {items.length > 0 && (
        <ol className="agenda-list" data-testid="agenda-list">
          {items.map((it, i) => {
            const state = agendaState(it);
            const live = state === "running";
            const done = state === "done";
            return (
              <li key={it.id} className={`agenda-item${live ? " is-live" : ""}${done ? " is-done" : ""}`} data-testid="agenda-item" tabIndex={-1} data-focus-row={it.id}>
                <div className="agenda-time">
                  <span className="agenda-pos">{formatNumber(i + 1)}</span>
                  <span>{formatTime(it.planned_start, tz) || "—"}</span>
                  {it.planned_minutes != null && <span className="muted small">{t("agenda.minutes", { n: formatNumber(it.planned_minutes) })}</span>}
                </div>
                <div className="agenda-main">
                  <span className={`badge badge-kind`}>{t(`agendaKind.${it.kind}`, { defaultValue: it.kind })}</span>
                  {live && <span className="badge badge-live">{t("agenda.nowPresenting")}</span>}
                  {done && <span className="badge badge-ended">{t("agenda.done")}</span>}
                  <div className="agenda-title">{it.title}</div>
                  {(it.speaker_name || it.speaker_unit) && (
                    <div className="muted">{[it.speaker_name, it.speaker_unit].filter(Boolean).join(" — ")}</div>
                  )}
                  {(it.started_at || it.ended_at) && (
                    <div className="muted small">
                      {it.started_at && t("agenda.startedAt", { time: formatTime(it.started_at, tz) })}
                      {it.ended_at && " · " + t("agenda.endedAt", { time: formatTime(it.ended_at, tz) })}
                    </div>
                  )}
                </div>
                <div className="agenda-actions">
                  <button
                    type="button"
                    className="btn-icon"
                    aria-label={t("agenda.moveUp", { title: it.title })}
                    title={t("agenda.moveUpShort")}
                    disabled={i === 0}
                    data-focus-key={`${it.id}:up`}
                    onClick={() => !move.isPending && move.mutate({ item: it, target: items[i - 1], dir: "up" })}
                  >
                    <span aria-hidden="true">↑</span>
                  </button>
                  <button
                    type="button"
                    className="btn-icon"
                    aria-label={t("agenda.moveDown", { title: it.title })}
                    title={t("agenda.moveDownShort")}
                    disabled={i === items.length - 1}
                    data-focus-key={`${it.id}:down`}
                    onClick={() => !move.isPending && move.mutate({ item: it, target: items[i + 1], dir: "down" })}
                  >
                    <span aria-hidden="true">↓</span>
                  </button>
                  <AgendaStartEndButtons item={it} act={act} />
                  <button type="button" className="btn btn-small" aria-label={t("agenda.editItem", { title: it.title })} onClick={() => setEditing(it)}>
                    {t("common.edit")}
                  </button>
                  <button
                    type="button"
                    className="btn btn-small btn-danger-outline"
                    aria-label={t("agenda.deleteItem", { title: it.title })}
                    onClick={() => {
                      del.reset();
                      setDeleting(it);
                    }}
                  >
                    {t("common.delete")}
                  </button>
                </div>
              </li>
            );
          })}
        </ol>
      )}
      <Dialog open={editing !== null} title={editing === "new" ? t("agenda.addTitle") : t("agenda.editTitle")} onClose={() => setEditing(null)}>
        {editing !== null && <AgendaItemForm seminar={seminar} item={editing === "new" ? null : editing} onDone={() => setEditing(null)} />}
      </Dialog>
      <ConfirmDialog
        open={deleting !== null}
        title={t("agenda.deleteTitle")}
        message={deleting ? t("agenda.deleteConfirm", { title: deleting.title }) : ""}
        confirmLabel={t("common.delete")}
        danger
        busy={del.isPending}
        onConfirm={() => deleting && del.mutate(deleting)}
        onCancel={() => setDeleting(null)}
        error={del.error ? <ErrorMessage error={del.error} /> : null}
      />
    </div>
  );
}
