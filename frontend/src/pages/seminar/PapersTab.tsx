import { useEffect, useMemo, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, fileRef, type ApiQuery, type FileRef } from "../../api/http";
import { queryKeys } from "../../api/queryKeys";
import {
  DECISION_STATUSES,
  SUBMISSION_STATUSES,
  type DecisionStatus,
  type Seminar,
  type Submission,
  type SubmissionCounts,
  type SubmissionStatus,
} from "../../api/types";
import { Dialog } from "../../components/Dialog";
import { DataTable, type Column } from "../../components/DataTable";
import { ErrorMessage, Notice } from "../../components/Feedback";
import { Field } from "../../components/Field";
import { StatusBadge } from "../../components/StatusBadge";
import { compareVi, formatDateTime, formatFileSize, formatNumber } from "../../lib/format";
import { useDebounced } from "../../lib/hooks";
import { latestFile, organizerCanDecide } from "../../lib/submissions";
import { useDownload } from "../../lib/useDownload";
import { FileTable } from "../speaker/PaperEditor";
import { useAgendaItems } from "./agendaShared";

const PAGE = 50;

/** "15 nhận được · 11 trình bày trực tiếp · 4 in kỷ yếu · 0 bị loại · 0 rút" */
export function CountsLine({ counts }: { counts: SubmissionCounts | undefined }) {
  const { t } = useTranslation();
  if (!counts) return null;
  const n = (k: keyof SubmissionCounts) => formatNumber(counts[k] ?? 0);
  const waiting = (counts.submitted ?? 0) + (counts.under_review ?? 0);
  return (
    <p className="counts-line" data-testid="paper-counts" aria-live="polite">
      <span>{t("papers.count_received", { n: n("received") })}</span>
      {" · "}
      <span>{t("papers.count_selected_live", { n: n("selected_live") })}</span>
      {" · "}
      <span>{t("papers.count_accepted_written", { n: n("accepted_written") })}</span>
      {" · "}
      <span>{t("papers.count_rejected", { n: n("rejected") })}</span>
      {" · "}
      <span>{t("papers.count_withdrawn", { n: n("withdrawn") })}</span>
      {(waiting > 0 || (counts.presented ?? 0) > 0) && (
        <span className="muted">
          {" ("}
          {[waiting > 0 ? t("papers.count_waiting", { n: formatNumber(waiting) }) : null, (counts.presented ?? 0) > 0 ? t("papers.count_presented", { n: n("presented") }) : null]
            .filter(Boolean)
            .join(", ")}
          {")"}
        </span>
      )}
    </p>
  );
}

function authorsText(p: Submission): string {
  return p.authors.length ? p.authors.map((a) => a.name).join(", ") : p.speaker.full_name;
}

function ExportButtons({ seminar }: { seminar: Seminar }) {
  const { t } = useTranslation();
  const dl = useDownload();
  const ids = { seminar_id: seminar.id };
  const exports: { name: string; file: FileRef; label: string }[] = [
    { name: "proceedings.zip", file: fileRef("/api/v1/seminars/{seminar_id}/exports/proceedings.zip", ids), label: t("papers.exportProceedings") },
    { name: "papers.xlsx", file: fileRef("/api/v1/seminars/{seminar_id}/exports/papers.xlsx", ids), label: t("papers.exportXlsx") },
    { name: "papers.csv", file: fileRef("/api/v1/seminars/{seminar_id}/exports/papers.csv", ids), label: t("papers.exportCsv") },
  ];
  return (
    <div className="export-buttons">
      <div className="btn-row" role="group" aria-label={t("papers.exports")}>
        {exports.map((e) => {
          const path = e.file.url;
          return (
            <button
              key={e.name}
              type="button"
              className="btn btn-small"
              disabled={dl.pending === path}
              data-testid={`export-${e.name}`}
              onClick={() => void dl.download(e.file, `${seminar.slug}-${e.name}`)}
            >
              {dl.pending === path ? t("paper.downloading") : e.label}
            </button>
          );
        })}
      </div>
      {dl.error ? <ErrorMessage error={dl.error} /> : null}
    </div>
  );
}

function DecisionForm({ seminar, paper, onDecided }: { seminar: Seminar; paper: Submission; onDecided: (s: Submission, agendaAdded: boolean) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const agenda = useAgendaItems(seminar.id);
  const initial: DecisionStatus = (DECISION_STATUSES as string[]).includes(paper.status) ? (paper.status as DecisionStatus) : "selected_live";
  const [status, setStatus] = useState<DecisionStatus>(initial);
  const [note, setNote] = useState(paper.decision_note ?? "");
  const [addToAgenda, setAddToAgenda] = useState(paper.agenda_item_id == null);
  const [position, setPosition] = useState("");
  const seminarOver = seminar.status === "ended" || seminar.status === "cancelled";
  const allowed = organizerCanDecide(paper.status) && !seminarOver;
  const offerAgenda = status === "selected_live" && paper.agenda_item_id == null;
  const items = agenda.data ?? [];

  const mutation = useMutation({
    mutationFn: () =>
      api.POST("/api/v1/submissions/{submission_id}/decision", {
        params: { path: { submission_id: paper.id } },
        body: {
          status,
          note: note.trim() || null,
          ...(offerAgenda && addToAgenda ? { add_to_agenda: true, agenda_position: position ? Number(position) : null } : {}),
        },
      }),
    onSuccess: (s) => {
      const added = offerAgenda && addToAgenda;
      if (added) void queryClient.invalidateQueries({ queryKey: queryKeys.seminar.agenda(seminar.id) });
      onDecided(s, added);
    },
  });

  if (!allowed) {
    return (
      <p className="muted" data-testid="decision-unavailable">
        {seminarOver ? t("papers.decideSeminarOver") : t("papers.decideNotYet", { status: t(`status.submission.${paper.status}`) })}
      </p>
    );
  }
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    mutation.mutate();
  };
  return (
    <form onSubmit={onSubmit} className="decision-form" data-testid="decision-form">
      <Field label={t("papers.decision")} required>
        {(p) => (
          <select {...p} value={status} onChange={(e) => setStatus(e.target.value as DecisionStatus)}>
            {DECISION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`papers.decide_${s}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t("papers.note")} hint={t("papers.noteHint")}>
        {(p) => <textarea {...p} rows={3} value={note} onChange={(e) => setNote(e.target.value)} />}
      </Field>
      {offerAgenda && (
        <div className="agenda-offer">
          <label className="checkbox">
            <input type="checkbox" checked={addToAgenda} onChange={(e) => setAddToAgenda(e.target.checked)} data-testid="add-to-agenda" />
            <span>{t("papers.addToAgenda")}</span>
          </label>
          {addToAgenda && (
            <Field label={t("papers.agendaPosition")}>
              {(p) => (
                <select {...p} value={position} onChange={(e) => setPosition(e.target.value)}>
                  <option value="">{t("papers.positionDefault")}</option>
                  {items.map((it, i) => (
                    <option key={it.id} value={i + 1}>
                      {t("papers.positionBefore", { n: i + 1, title: it.title })}
                    </option>
                  ))}
                  <option value={items.length + 1}>{t("papers.positionEnd", { n: items.length + 1 })}</option>
                </select>
              )}
            </Field>
          )}
        </div>
      )}
      {status === "selected_live" && paper.agenda_item_id != null && <p className="muted small">{t("papers.alreadyInAgenda")}</p>}
      {status !== "selected_live" && paper.agenda_item_id != null && <Notice kind="warning">{t("papers.agendaStays")}</Notice>}
      {mutation.error ? <ErrorMessage error={mutation.error} /> : null}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={mutation.isPending} data-testid="decision-save">
          {mutation.isPending ? t("common.saving") : t("papers.saveDecision")}
        </button>
      </div>
    </form>
  );
}

function PaperPanel({ seminar, paper, onClose, onDecided }: { seminar: Seminar; paper: Submission; onClose: () => void; onDecided: (s: Submission, added: boolean) => void }) {
  const { t } = useTranslation();
  const dl = useDownload();
  const tz = seminar.timezone;
  const latest = latestFile(paper.files);
  const files = [...paper.files].sort((a, b) => b.version - a.version);
  const latestRef = latest ? fileRef("/api/v1/submissions/{submission_id}/files/{version}", { submission_id: paper.id, version: latest.version }) : null;
  const dash = "—";
  return (
    <div className="paper-panel" data-testid="paper-panel">
      <p>
        <StatusBadge status={paper.status} kind="submission" />
        {paper.agenda_item_id != null && <span className="badge badge-kind">{t("papers.inAgenda")}</span>}
      </p>
      <dl className="details">
        <dt>{t("papers.speaker")}</dt>
        <dd>
          {paper.speaker.full_name}
          {paper.speaker.email && (
            <>
              {" · "}
              <a href={`mailto:${paper.speaker.email}`}>{paper.speaker.email}</a>
            </>
          )}
        </dd>
        <dt>{t("paper.unit")}</dt>
        <dd>{paper.unit || paper.speaker.unit || dash}</dd>
        <dt>{t("papers.submittedAt")}</dt>
        <dd>{formatDateTime(paper.submitted_at, tz) || dash}</dd>
        {paper.decided_at && (
          <>
            <dt>{t("papers.decidedAt")}</dt>
            <dd>{formatDateTime(paper.decided_at, tz)}</dd>
          </>
        )}
        {paper.presented_at && (
          <>
            <dt>{t("papers.presentedAt")}</dt>
            <dd>{formatDateTime(paper.presented_at, tz)}</dd>
          </>
        )}
      </dl>
      <h3>{t("paper.authors")}</h3>
      <ul className="author-list">
        {(paper.authors.length ? paper.authors : [{ name: paper.speaker.full_name, unit: paper.speaker.unit, position: null }]).map((a, i) => (
          <li key={i}>
            <strong>{a.name}</strong>
            {[a.position, a.unit].filter(Boolean).length > 0 && <span className="muted"> — {[a.position, a.unit].filter(Boolean).join(", ")}</span>}
          </li>
        ))}
      </ul>
      <h3>{t("paper.abstract")}</h3>
      {paper.abstract ? <p className="prewrap abstract">{paper.abstract}</p> : <p className="muted">{t("papers.noAbstract")}</p>}
      <h3>{t("paper.versions")}</h3>
      {latest ? (
        <>
          <div className="btn-row latest-file">
            <span className="break">
              {latest.original_filename} <span className="muted small">({formatFileSize(latest.size)})</span>
            </span>
            {latest.media_type === "application/pdf" && (
              <button type="button" className="btn btn-small" onClick={() => void dl.open(latestRef!, latest.original_filename)} data-testid="open-latest">
                {t("papers.openFile")}
              </button>
            )}
            <button type="button" className="btn btn-small btn-primary" onClick={() => void dl.download(latestRef!, latest.original_filename)} data-testid="download-latest">
              {t("papers.downloadLatest")}
            </button>
          </div>
          {files.length > 1 && (
            <details>
              <summary>{t("papers.allVersions", { n: files.length })}</summary>
              <FileTable paperId={paper.id} files={files} tz={tz} dl={dl} />
            </details>
          )}
        </>
      ) : (
        <p className="muted">{t("paper.noFiles")}</p>
      )}
      {dl.error ? <ErrorMessage error={dl.error} /> : null}
      <h3>{t("papers.decisionHeading")}</h3>
      {paper.decision_note && <p className="prewrap muted">{paper.decision_note}</p>}
      <DecisionForm key={`${paper.id}-${paper.updated_at}`} seminar={seminar} paper={paper} onDecided={onDecided} />
      <div className="form-actions">
        <button type="button" className="btn" onClick={onClose}>
          {t("common.close")}
        </button>
      </div>
    </div>
  );
}

function BulkBar({ seminar, ids, onDone }: { seminar: Seminar; ids: number[]; onDone: (n: number) => void }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<DecisionStatus>("accepted_written");
  const [note, setNote] = useState("");
  const mutation = useMutation({
    mutationFn: () =>
      api.POST("/api/v1/seminars/{seminar_id}/submissions/decisions", {
        params: { path: { seminar_id: seminar.id } },
        body: { submission_ids: ids, status, note: note.trim() || null },
      }),
    onSuccess: (res) => onDone(res?.items?.length ?? ids.length),
  });
  return (
    <form
      className="bulk-bar card"
      data-testid="bulk-bar"
      onSubmit={(e) => {
        e.preventDefault();
        mutation.mutate();
      }}
    >
      <strong>{t("papers.selectedN", { n: formatNumber(ids.length) })}</strong>
      <label className="field inline">
        <span>{t("papers.bulkStatus")}</span>
        <select value={status} onChange={(e) => setStatus(e.target.value as DecisionStatus)}>
          {DECISION_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`papers.decide_${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="field inline grow">
        <span>{t("papers.bulkNote")}</span>
        <input value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      <button type="submit" className="btn btn-primary" disabled={mutation.isPending} data-testid="bulk-apply">
        {mutation.isPending ? t("common.saving") : t("papers.bulkApply", { n: ids.length })}
      </button>
      {mutation.error ? <ErrorMessage error={mutation.error} /> : null}
    </form>
  );
}

export function PapersTab({ seminar }: { seminar: Seminar }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<SubmissionStatus | "">("");
  const [unit, setUnit] = useState("");
  const [q, setQ] = useState("");
  const [offset, setOffset] = useState(0);
  const dq = useDebounced(q.trim(), 300);
  const du = unit;
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [openId, setOpenId] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => setOffset(0), [status, du, dq]);

  const filters: ApiQuery<"/api/v1/seminars/{seminar_id}/submissions"> = { status: status || undefined, unit: du || undefined, q: dq || undefined, limit: PAGE, offset };
  const path = { seminar_id: seminar.id };
  const list = useQuery({
    queryKey: queryKeys.seminar.submissions(seminar.id, filters),
    queryFn: () => api.GET("/api/v1/seminars/{seminar_id}/submissions", { params: { path, query: filters } }),
    placeholderData: keepPreviousData,
  });
  // Every paper once, for the unit filter's choices (the server filters on the exact unit).
  const all = useQuery({
    queryKey: queryKeys.seminar.submissions(seminar.id, "all"),
    queryFn: () => api.GET("/api/v1/seminars/{seminar_id}/submissions", { params: { path, query: { limit: 1000 } } }),
  });
  const units = useMemo(() => {
    const s = new Set<string>();
    for (const p of all.data?.items ?? []) {
      if (p.unit) s.add(p.unit);
    }
    return [...s].sort(compareVi);
  }, [all.data]);

  const items = list.data?.items ?? [];
  // The server's counts ignore the filters.
  const counts = list.data?.counts ?? all.data?.counts;
  const open = openId != null ? (items.find((p) => p.id === openId) ?? all.data?.items.find((p) => p.id === openId) ?? null) : null;
  const visibleIds = items.map((p) => p.id);
  const allVisibleSelected = visibleIds.length > 0 && visibleIds.every((id) => selected.has(id));

  const refresh = () => queryClient.invalidateQueries({ queryKey: queryKeys.seminar.submissions(seminar.id) });

  const onDecided = (s: Submission, added: boolean) => {
    // Put the answer in every cached page at once, then refetch (counts, filters).
    queryClient.setQueriesData<{ items: Submission[] }>({ queryKey: queryKeys.seminar.submissions(seminar.id) }, (old) =>
      old && Array.isArray(old.items) ? { ...old, items: old.items.map((p) => (p.id === s.id ? s : p)) } : old,
    );
    void refresh();
    setNotice(added ? t("papers.decidedAdded", { title: s.title }) : t("papers.decided", { title: s.title, status: t(`status.submission.${s.status}`) }));
  };

  const toggle = (id: number) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const selectAll = (
    <input
      type="checkbox"
      aria-label={t("papers.selectAll")}
      checked={allVisibleSelected}
      onChange={() =>
        setSelected((prev) => {
          const next = new Set(prev);
          for (const id of visibleIds) {
            if (allVisibleSelected) next.delete(id);
            else next.add(id);
          }
          return next;
        })
      }
    />
  );
  const columns: Column<Submission>[] = [
    {
      key: "select",
      header: t("papers.selectAll"),
      headerNode: selectAll,
      noCardLabel: true,
      render: (p) => <input type="checkbox" aria-label={t("papers.selectOne", { title: p.title })} checked={selected.has(p.id)} onChange={() => toggle(p.id)} />,
    },
    {
      key: "title",
      header: t("paper.title"),
      render: (p) => (
        <>
          <button type="button" className="link-button paper-open" onClick={() => setOpenId(p.id)}>
            {p.title}
          </button>
          {p.agenda_item_id != null && <span className="badge badge-kind">{t("papers.inAgenda")}</span>}
        </>
      ),
    },
    { key: "authors", header: t("paper.authors"), accessor: authorsText },
    { key: "unit", header: t("paper.unit"), accessor: (p) => p.unit || p.speaker.unit || null },
    { key: "status", header: t("papers.status"), render: (p) => <StatusBadge status={p.status} kind="submission" /> },
    { key: "submitted_at", header: t("papers.submittedAt"), render: (p) => formatDateTime(p.submitted_at, seminar.timezone) || "—" },
    {
      key: "file",
      header: t("papers.file"),
      render: (p) => {
        const f = latestFile(p.files);
        return f ? t("paper.versionN", { n: f.version }) : "—";
      },
    },
  ];

  return (
    <div className="papers-tab">
      <div className="section-head">
        <h2>{t("papers.heading")}</h2>
        <ExportButtons seminar={seminar} />
      </div>
      <CountsLine counts={counts} />
      {!seminar.submissions_open && <p className="muted small">{t("papers.callClosedNote")}</p>}
      {notice && <Notice kind="success">{notice}</Notice>}
      <div className="toolbar papers-filters">
        <label className="field inline grow">
          <span>{t("papers.search")}</span>
          <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t("papers.searchPlaceholder")} data-testid="papers-search" />
        </label>
        <label className="field inline">
          <span>{t("papers.filterStatus")}</span>
          <select value={status} onChange={(e) => setStatus(e.target.value as SubmissionStatus | "")} data-testid="papers-status">
            <option value="">{t("papers.allStatuses")}</option>
            {SUBMISSION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.submission.${s}`)} ({formatNumber(counts?.[s] ?? 0)})
              </option>
            ))}
          </select>
        </label>
        <label className="field inline">
          <span>{t("papers.filterUnit")}</span>
          <select value={unit} onChange={(e) => setUnit(e.target.value)} data-testid="papers-unit">
            <option value="">{t("papers.allUnits")}</option>
            {units.map((u) => (
              <option key={u} value={u}>
                {u}
              </option>
            ))}
          </select>
        </label>
      </div>
      {selected.size > 0 && (
        <BulkBar
          key={[...selected].join(",")}
          seminar={seminar}
          ids={[...selected]}
          onDone={(n) => {
            setSelected(new Set());
            setNotice(t("papers.bulkDone", { n }));
            void refresh();
          }}
        />
      )}
      <DataTable
        testId="papers-table"
        className="papers-table"
        columns={columns}
        rows={list.data?.items}
        rowKey={(p) => p.id}
        loading={list.isFetching}
        error={list.error}
        onRetry={() => void list.refetch()}
        empty={status || dq || du ? t("papers.noMatch") : t("papers.empty")}
        rowProps={(p) => ({ "data-testid": "paper-row", className: openId === p.id ? "is-selected" : undefined })}
        paging={list.data ? { total: list.data.total, limit: PAGE, offset, onChange: setOffset } : undefined}
      />
      <Dialog open={open != null} title={open?.title ?? ""} onClose={() => setOpenId(null)} side testId="paper-dialog">
        {open && (
          <PaperPanel
            seminar={seminar}
            paper={open}
            onClose={() => setOpenId(null)}
            onDecided={(s, added) => {
              onDecided(s, added);
            }}
          />
        )}
      </Dialog>
    </div>
  );
}

