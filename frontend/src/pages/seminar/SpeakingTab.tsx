/**
 * The speaking queue ("Phát biểu"): who speaks now, who is called, who waits, in order; organizers
 * reorder (↑/↓), call, start, end, reject with a note, set the planned time and add someone from the
 * main hall. Live through the staff view's `speaking_queue` messages.
 */
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, ApiError } from "../../api/http";
import { queryKeys } from "../../api/queryKeys";
import type { Seminar, SpeakingQueueItem } from "../../api/types";
import { DataTable, type Column } from "../../components/DataTable";
import { Dialog } from "../../components/Dialog";
import { ErrorMessage } from "../../components/Feedback";
import { Field } from "../../components/Field";
import { staffEvents, useBusEvent } from "../../lib/eventBus";
import { formatNumber, formatTime } from "../../lib/format";

type Action = "call" | "start" | "end" | "reject";
const WAITING = ["requested", "called"];
const PAGE = 200;

function minutesOf(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return `${m}:${String(s).padStart(2, "0")}`;
}

function AddSpeakerForm({ seminar, onDone }: { seminar: Seminar; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [title, setTitle] = useState("");
  const [topic, setTopic] = useState("");
  const [minutes, setMinutes] = useState("3");
  const [error, setError] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: () =>
      api.POST("/api/v1/seminars/{seminar_id}/speaking", {
        params: { path: { seminar_id: seminar.id } },
        body: { speaker_name: name.trim(), speaker_title: title.trim() || null, topic: topic.trim() || null, planned_seconds: Math.round(Number(minutes) * 60) },
      }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.seminar.speaking(seminar.id) });
      onDone();
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const m = Number(minutes);
    if (!name.trim()) return setError(t("validation.required"));
    if (!(m >= 0.5 && m <= 60)) return setError(t("speaking.plannedInvalid"));
    setError(null);
    add.mutate();
  };
  const server = add.error instanceof ApiError ? add.error.fieldErrors : {};
  return (
    <form onSubmit={onSubmit} noValidate data-testid="speaking-add-form">
      <Field label={t("speaking.speaker_name")} error={error ?? server.speaker_name ?? null} required>
        {(p) => <input {...p} value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <Field label={t("speaking.speaker_title")}>{(p) => <input {...p} value={title} maxLength={300} onChange={(e) => setTitle(e.target.value)} />}</Field>
      <Field label={t("speaking.topic")}>{(p) => <input {...p} value={topic} maxLength={500} onChange={(e) => setTopic(e.target.value)} />}</Field>
      <Field label={t("speaking.plannedMinutes")} error={server.planned_seconds ?? null}>
        {(p) => <input {...p} type="number" min={0.5} max={60} step={0.5} inputMode="decimal" value={minutes} onChange={(e) => setMinutes(e.target.value)} />}
      </Field>
      {add.error && !Object.keys(server).length ? <ErrorMessage error={add.error} /> : null}
      <div className="form-actions">
        <button type="button" className="btn" onClick={onDone}>
          {t("common.cancel")}
        </button>
        <button type="submit" className="btn btn-primary" disabled={add.isPending}>
          {t("speaking.add")}
        </button>
      </div>
    </form>
  );
}

function RejectForm({ item, busy, onReject, onCancel }: { item: SpeakingQueueItem; busy: boolean; onReject: (note: string) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [note, setNote] = useState("");
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onReject(note.trim());
      }}
      data-testid="speaking-reject-form"
    >
      <p>{t("speaking.rejectConfirm", { name: item.speaker_name })}</p>
      <Field label={t("speaking.note")}>{(p) => <textarea {...p} rows={3} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />}</Field>
      <div className="form-actions">
        <button type="button" className="btn" onClick={onCancel}>
          {t("common.cancel")}
        </button>
        <button type="submit" className="btn btn-danger" disabled={busy} data-testid="speaking-reject-confirm">
          {t("speaking.reject")}
        </button>
      </div>
    </form>
  );
}

export function SpeakingTab({ seminar }: { seminar: Seminar }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const key = queryKeys.seminar.speaking(seminar.id);
  const q = useQuery({
    queryKey: key,
    queryFn: () => api.GET("/api/v1/seminars/{seminar_id}/speaking", { params: { path: { seminar_id: seminar.id }, query: { limit: PAGE } } }),
  });
  // Any change of the queue (ours or another organizer's, or a site's request): read it again.
  useBusEvent(staffEvents, "speaking_queue", () => void queryClient.invalidateQueries({ queryKey: key }));
  const [adding, setAdding] = useState(false);
  const [rejecting, setRejecting] = useState<SpeakingQueueItem | null>(null);
  const done = () => void queryClient.invalidateQueries({ queryKey: key });
  const act = useMutation({
    mutationFn: ({ item, action, note }: { item: SpeakingQueueItem; action: Action; note?: string }) => {
      const init = { params: { path: { seminar_id: seminar.id, request_id: item.id } }, body: note ? { note } : undefined };
      switch (action) {
        case "call":
          return api.POST("/api/v1/seminars/{seminar_id}/speaking/{request_id}/call", init);
        case "start":
          return api.POST("/api/v1/seminars/{seminar_id}/speaking/{request_id}/start", init);
        case "end":
          return api.POST("/api/v1/seminars/{seminar_id}/speaking/{request_id}/end", init);
        case "reject":
          return api.POST("/api/v1/seminars/{seminar_id}/speaking/{request_id}/reject", init);
      }
    },
    onSuccess: () => {
      setRejecting(null);
      done();
    },
  });
  const patch = useMutation({
    mutationFn: ({ item, position, planned_seconds }: { item: SpeakingQueueItem; position?: number; planned_seconds?: number }) =>
      api.PATCH("/api/v1/seminars/{seminar_id}/speaking/{request_id}", {
        params: { path: { seminar_id: seminar.id, request_id: item.id } },
        body: { position, planned_seconds },
      }),
    onSuccess: done,
  });
  const tz = seminar.timezone;
  const items = q.data?.items ?? [];
  const waiting = items.filter((it) => WAITING.includes(it.status));
  const columns: Column<SpeakingQueueItem>[] = [
    {
      key: "place",
      header: t("speaking.place"),
      numeric: true,
      render: (it) => (it.place != null ? formatNumber(it.place) : "—"),
    },
    {
      key: "speaker",
      header: t("speaking.speaker_name"),
      render: (it) => (
        <div>
          <span className={`badge speaking-badge is-${it.status}`}>{t(`speaking.status.${it.status}`)}</span> <strong>{it.speaker_name}</strong>
          {it.speaker_title ? `, ${it.speaker_title}` : ""}
          {it.topic && <div className="muted small">{it.topic}</div>}
          {it.note && <div className="muted small">{t("speaking.noteShown", { note: it.note })}</div>}
        </div>
      ),
    },
    {
      key: "site",
      header: t("speaking.siteLabel"),
      render: (it) => (
        <div>
          {it.site_name ?? t("display.mainHall")}
          {it.coordinator_phone && (
            <div className="small">
              <a href={`tel:${it.coordinator_phone}`}>{[it.coordinator_name, it.coordinator_phone].filter(Boolean).join(" · ")}</a>
            </div>
          )}
        </div>
      ),
    },
    {
      key: "time",
      header: t("speaking.time"),
      render: (it) => (
        <div className="small">
          <div>{t("speaking.planned", { time: minutesOf(it.planned_seconds) })}</div>
          {it.started_at && (
            <div className="muted">
              {formatTime(it.started_at, tz)}
              {it.ended_at ? `–${formatTime(it.ended_at, tz)}` : ""}
            </div>
          )}
        </div>
      ),
    },
  ];
  const busy = act.isPending || patch.isPending;
  return (
    <div>
      <div className="section-head">
        <h2>{t("speaking.heading")}</h2>
        <button type="button" className="btn btn-primary" onClick={() => setAdding(true)} data-testid="speaking-add">
          {t("speaking.addMainHall")}
        </button>
      </div>
      {act.error && !rejecting ? <ErrorMessage error={act.error} /> : null}
      {patch.error ? <ErrorMessage error={patch.error} /> : null}
      <DataTable
        testId="speaking-queue"
        columns={columns}
        rows={q.data?.items}
        rowKey={(it) => it.id}
        loading={q.isFetching}
        error={q.error}
        onRetry={() => void q.refetch()}
        empty={t("speaking.empty")}
        rowProps={(it) => ({ "data-testid": "speaking-item", "data-status": it.status, className: it.status === "speaking" ? "is-live" : undefined })}
        actions={(it) => {
          const i = waiting.indexOf(it);
          const open = WAITING.includes(it.status);
          return (
            <div className="agenda-actions">
              {open && (
                <>
                  <button type="button" className="btn-icon" aria-label={t("speaking.moveUp", { name: it.speaker_name })} disabled={i <= 0 || busy} onClick={() => patch.mutate({ item: it, position: i })}>
                    <span aria-hidden="true">↑</span>
                  </button>
                  <button
                    type="button"
                    className="btn-icon"
                    aria-label={t("speaking.moveDown", { name: it.speaker_name })}
                    disabled={i === waiting.length - 1 || busy}
                    onClick={() => patch.mutate({ item: it, position: i + 2 })}
                  >
                    <span aria-hidden="true">↓</span>
                  </button>
                </>
              )}
              {(open || it.status === "speaking") && (
                <>
                  <button type="button" className="btn-icon" aria-label={t("speaking.lessTime", { name: it.speaker_name })} disabled={busy || it.planned_seconds <= 30} onClick={() => patch.mutate({ item: it, planned_seconds: Math.max(30, it.planned_seconds - 60) })}>
                    <span aria-hidden="true">−1′</span>
                  </button>
                  <button type="button" className="btn-icon" aria-label={t("speaking.moreTime", { name: it.speaker_name })} disabled={busy || it.planned_seconds >= 3600} onClick={() => patch.mutate({ item: it, planned_seconds: Math.min(3600, it.planned_seconds + 60) })}>
                    <span aria-hidden="true">+1′</span>
                  </button>
                </>
              )}
              {it.status === "requested" && (
                <button type="button" className="btn btn-small" disabled={busy} onClick={() => act.mutate({ item: it, action: "call" })} data-testid="speaking-call">
                  {t("speaking.call")}
                </button>
              )}
              {open && (
                <button type="button" className="btn btn-small btn-primary" disabled={busy} onClick={() => act.mutate({ item: it, action: "start" })} data-testid="speaking-start">
                  {t("speaking.start")}
                </button>
              )}
              {it.status === "speaking" && (
                <button type="button" className="btn btn-small btn-primary" disabled={busy} onClick={() => act.mutate({ item: it, action: "end" })} data-testid="speaking-end">
                  {t("speaking.end")}
                </button>
              )}
              {open && (
                <button
                  type="button"
                  className="btn btn-small btn-danger-outline"
                  disabled={busy}
                  onClick={() => {
                    act.reset();
                    setRejecting(it);
                  }}
                  data-testid="speaking-reject"
                >
                  {t("speaking.reject")}
                </button>
              )}
            </div>
          );
        }}
      />
      <Dialog open={adding} title={t("speaking.addMainHall")} onClose={() => setAdding(false)}>
        {adding && <AddSpeakerForm seminar={seminar} onDone={() => setAdding(false)} />}
      </Dialog>
      <Dialog open={rejecting !== null} title={t("speaking.reject")} onClose={() => setRejecting(null)}>
        {rejecting && (
          <>
            <RejectForm item={rejecting} busy={act.isPending} onReject={(note) => act.mutate({ item: rejecting, action: "reject", note: note || undefined })} onCancel={() => setRejecting(null)} />
            {act.error ? <ErrorMessage error={act.error} /> : null}
          </>
        )}
      </Dialog>
    </div>
  );
}
