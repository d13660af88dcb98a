import { useRef, useState, type FormEvent } from "react";
import { Link, useLocation, useNavigate, useParams } from "react-router";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, ApiError, fileRef, uploadWithProgress, type UploadProgress } from "../../api/http";
import { queryKeys } from "../../api/queryKeys";
import type { OpenCall, Submission, SubmissionFile, SubmissionInput } from "../../api/types";
import { useAuth } from "../../auth/AuthContext";
import { DataTable, type Column } from "../../components/DataTable";
import { ConfirmDialog } from "../../components/Dialog";
import { ErrorMessage, Loading, Notice, useErrorMessage } from "../../components/Feedback";
import { Field } from "../../components/Field";
import { StatusBadge } from "../../components/StatusBadge";
import { DEFAULT_TZ, formatDateTime, formatFileSize, formatPercent } from "../../lib/format";
import { acceptAttr, callOpen, checkFile, isDecided, speakerCanEdit, speakerCanWithdraw, typesLabel, type FileProblem } from "../../lib/submissions";
import { useDownload } from "../../lib/useDownload";
import { AuthorsEditor, authorRow, authorsPayload, type AuthorRow } from "./AuthorsEditor";
import { useOpenCalls } from "./SpeakerHome";
import { knownSeminars, rememberSeminar } from "./speakerStore";

const submissionPath = (id: number) => ({ params: { path: { submission_id: id } } });
const getSubmission = (id: number) => api.GET("/api/v1/submissions/{submission_id}", submissionPath(id));

interface NavState {
  notice?: string;
  uploadError?: string;
}

/** Clear messages for the two upload refusals; the server's own words follow when it gave any. */
export function useUploadErrorText() {
  const { t } = useTranslation();
  const message = useErrorMessage();
  return (e: unknown, call: OpenCall | null): string => {
    if (e instanceof ApiError && e.status === 415) return t("paper.wrongType", { types: typesLabel(call?.accepted_file_types) });
    if (e instanceof ApiError && e.status === 413)
      return call ? t("paper.tooLarge", { max: call.max_upload_mb }) : t("errors.http_413");
    if (e instanceof ApiError && e.status === 0) return t("paper.uploadNetwork");
    return message(e);
  };
}

function problemText(t: (k: string, o?: Record<string, unknown>) => string, p: FileProblem, size: number): string {
  if (!p) return "";
  if (p.kind === "type") return t("paper.wrongType", { types: typesLabel(p.types) });
  if (p.kind === "empty") return t("paper.emptyFile");
  return t("paper.tooLargeLocal", { size: formatFileSize(size), max: p.maxMb });
}

function PaperEditor({ paper, seminarId, call }: { paper: Submission | null; seminarId: number; call: OpenCall | null }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const uploadErrorText = useUploadErrorText();
  const dl = useDownload();
  const navState = (location.state as NavState | null) ?? {};
  const fileInput = useRef<HTMLInputElement>(null);

  const known = user ? knownSeminars(user.id).find((s) => s.id === seminarId) : undefined;
  const seminarTitle = call?.title ?? known?.title ?? "";
  const tz = call?.timezone ?? known?.timezone ?? DEFAULT_TZ;
  const open = !!call && callOpen(call.submissions_close_at);
  const editable = open && (!paper || speakerCanEdit(paper.status));
  const isDraft = !paper || paper.status === "draft";

  const [title, setTitle] = useState(paper?.title ?? "");
  const [abstract, setAbstract] = useState(paper?.abstract ?? "");
  const [unit, setUnit] = useState(paper?.unit ?? user?.unit ?? "");
  const [rows, setRows] = useState<AuthorRow[]>(() =>
    paper?.authors?.length
      ? paper.authors.map((a) => authorRow(a))
      : [authorRow({ name: user?.full_name ?? "", unit: user?.unit ?? "", position: user?.position ?? "" })],
  );
  const [staged, setStaged] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(navState.uploadError ?? null);
  const [localErr, setLocalErr] = useState<Record<string, string>>({});
  const [step, setStep] = useState<"idle" | "saving" | "uploading" | "submitting">("idle");
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(navState.notice ?? null);
  const [confirmWithdraw, setConfirmWithdraw] = useState(false);

  const afterChange = (sub: Submission) => {
    queryClient.setQueryData(queryKeys.submissions.detail(sub.id), sub);
    void queryClient.invalidateQueries({ queryKey: queryKeys.submissions.mine() });
    if (user && seminarTitle) rememberSeminar(user.id, { id: seminarId, title: seminarTitle, timezone: tz });
  };

  const withdraw = useMutation({
    mutationFn: () => api.POST("/api/v1/submissions/{submission_id}/withdraw", submissionPath(paper!.id)),
    onSuccess: (sub) => {
      afterChange(sub);
      setConfirmWithdraw(false);
      setNotice(t("paper.withdrawn"));
    },
  });

  const pickFile = (file: File | null) => {
    setFileError(null);
    setStaged(null);
    if (!file) return;
    const problem = checkFile(file, call?.max_upload_mb, call?.accepted_file_types);
    if (problem) {
      setFileError(problemText(t, problem, file.size));
      if (fileInput.current) fileInput.current.value = "";
      return;
    }
    setStaged(file);
  };

  const save = async (submit: boolean) => {
    const errs: Record<string, string> = {};
    if (!title.trim()) errs.title = t("validation.required");
    const authors = authorsPayload(rows);
    if (authors.length === 0) errs.authors = t("paper.needAuthor");
    else if (authors.some((a) => !a.name)) errs.authors = t("paper.authorNameRequired");
    if (submit && !staged && !(paper?.files?.length ?? 0)) errs.file = t("paper.needFile");
    setLocalErr(errs);
    if (Object.keys(errs).length) return;
    setError(null);
    setFileError(null);
    setNotice(null);
    const body: SubmissionInput = { title: title.trim(), abstract: abstract.trim() || null, authors, unit: unit.trim() || null };
    let sub: Submission | null = paper;
    let phase: "save" | "upload" | "submit" = "save";
    try {
      setStep("saving");
      sub = paper
        ? await api.PATCH("/api/v1/submissions/{submission_id}", { ...submissionPath(paper.id), body })
        : await api.POST("/api/v1/seminars/{seminar_id}/submissions", { params: { path: { seminar_id: seminarId } }, body });
      afterChange(sub);
      if (staged) {
        phase = "upload";
        setStep("uploading");
        setProgress({ loaded: 0, total: staged.size });
        const form = new FormData();
        form.append("file", staged, staged.name);
        await uploadWithProgress("/api/v1/submissions/{submission_id}/files", { submission_id: sub.id }, form, setProgress);
        setStaged(null);
        if (fileInput.current) fileInput.current.value = "";
      }
      if (submit) {
        phase = "submit";
        setStep("submitting");
        sub = await api.POST("/api/v1/submissions/{submission_id}/submit", submissionPath(sub.id));
      } else {
        sub = await getSubmission(sub.id);
      }
      afterChange(sub);
      const msg = submit ? t("paper.submittedNotice") : t("paper.savedNotice");
      if (!paper) navigate(`/speaker/papers/${sub.id}`, { replace: true, state: { notice: msg } satisfies NavState });
      else setNotice(msg);
    } catch (e) {
      const uploadMsg = phase === "upload" ? uploadErrorText(e, call) : null;
      if (!paper && sub) {
        // The draft exists now: continue on its own page, with the upload error shown there.
        navigate(`/speaker/papers/${sub.id}`, { replace: true, state: { uploadError: uploadMsg ?? undefined } satisfies NavState });
        if (!uploadMsg) setError(e);
        return;
      }
      if (uploadMsg) setFileError(uploadMsg);
      else setError(e);
      if (sub) void queryClient.invalidateQueries({ queryKey: queryKeys.submissions.detail(sub.id) });
    } finally {
      setStep("idle");
      setProgress(null);
    }
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void save(isDraft);
  };

  const busy = step !== "idle";
  const files = [...(paper?.files ?? [])].sort((a, b) => b.version - a.version);
  const pct = progress && progress.total > 0 ? progress.loaded / progress.total : 0;

  return (
    <div className="paper-editor">
      <p className="eyebrow">{seminarTitle}</p>
      <div className="page-head">
        <h1>{paper ? paper.title : t("paper.newTitle")}</h1>
        {paper && <StatusBadge status={paper.status} kind="submission" />}
      </div>
      {call && (
        <p className="muted small">
          {t("speaker.deadline")}: {call.submissions_close_at ? formatDateTime(call.submissions_close_at, tz) : t("speaker.noDeadline")}
        </p>
      )}
      {notice && <Notice kind="success">{notice}</Notice>}

      {paper && isDecided(paper.status) && (
        <section className={`card decision-box decision-${paper.status}`} data-testid="decision">
          <h2>{t("paper.decisionHeading")}</h2>
          <p>
            <StatusBadge status={paper.status} kind="submission" />
            {paper.decided_at && <span className="muted small">{formatDateTime(paper.decided_at, tz)}</span>}
          </p>
          <p>{t(`paper.decisionText_${paper.status}`)}</p>
          {paper.decision_note && <p className="prewrap decision-note">{paper.decision_note}</p>}
        </section>
      )}
      {paper?.status === "under_review" && <Notice>{t("paper.underReviewNote")}</Notice>}
      {paper?.status === "withdrawn" && <Notice kind="warning">{t("paper.withdrawnNote")}</Notice>}
      {!open && (!paper || speakerCanEdit(paper.status)) && <Notice kind="warning">{t("paper.callClosed")}</Notice>}

      {editable ? (
        <form className="card" onSubmit={onSubmit} noValidate data-testid="paper-form">
          <Field label={t("paper.title")} error={localErr.title ?? (error instanceof ApiError ? error.fieldErrors.title : null)} required>
            {(p) => <input {...p} name="title" value={title} onChange={(e) => setTitle(e.target.value)} />}
          </Field>
          <Field label={t("paper.abstract")} hint={t("paper.abstractHint")}>
            {(p) => <textarea {...p} name="abstract" rows={6} value={abstract} onChange={(e) => setAbstract(e.target.value)} />}
          </Field>
          <AuthorsEditor rows={rows} onChange={setRows} error={localErr.authors} />
          <Field label={t("paper.unit")} hint={t("paper.unitHint")}>
            {(p) => <input {...p} name="unit" value={unit} onChange={(e) => setUnit(e.target.value)} />}
          </Field>
          <Field
            label={t("paper.file")}
            error={localErr.file ?? fileError}
            hint={call ? t("speaker.fileRules", { types: typesLabel(call.accepted_file_types), max: call.max_upload_mb }) : undefined}
          >
            {(p) => (
              <input
                {...p}
                ref={fileInput}
                type="file"
                name="file"
                accept={acceptAttr(call?.accepted_file_types)}
                disabled={busy}
                onChange={(e) => pickFile(e.target.files?.[0] ?? null)}
              />
            )}
          </Field>
          {staged && !progress && (
            <p className="small staged-file" data-testid="staged-file">
              {t("paper.staged", { name: staged.name, size: formatFileSize(staged.size) })}
            </p>
          )}
          {progress && (
            <div className="upload-progress" data-testid="upload-progress">
              <progress max={1} value={pct} aria-label={t("paper.uploadProgress")} />
              <span role="status">
                {formatPercent(pct)} · {formatFileSize(progress.loaded)} / {formatFileSize(progress.total)}
              </span>
            </div>
          )}
          {error ? <ErrorMessage error={error} /> : null}
          <div className="form-actions">
            <button type="button" className="btn" disabled={busy} onClick={() => void save(false)} data-testid="paper-save">
              {step === "saving" || step === "uploading" ? t("common.saving") : isDraft ? t("paper.saveDraft") : t("paper.saveChanges")}
            </button>
            {isDraft && (
              <button type="submit" className="btn btn-primary" disabled={busy} data-testid="paper-submit">
                {step === "submitting" ? t("paper.submitting") : t("paper.submit")}
              </button>
            )}
          </div>
          {isDraft && <p className="muted small">{t("paper.submitHint")}</p>}
        </form>
      ) : (
        paper && (
          <section className="card paper-readonly">
            {paper.abstract && (
              <>
                <h2>{t("paper.abstract")}</h2>
                <p className="prewrap">{paper.abstract}</p>
              </>
            )}
            <h2>{t("paper.authors")}</h2>
            <ul>
              {paper.authors.map((a, i) => (
                <li key={i}>{[a.name, a.position, a.unit].filter(Boolean).join(" — ")}</li>
              ))}
            </ul>
            {paper.unit && (
              <p>
                <strong>{t("paper.unit")}: </strong>
                {paper.unit}
              </p>
            )}
          </section>
        )
      )}

      {paper && (
        <section className="card" aria-labelledby="versions-heading">
          <h2 id="versions-heading">{t("paper.versions")}</h2>
          {files.length === 0 ? (
            <p className="muted">{t("paper.noFiles")}</p>
          ) : (
            <FileTable paperId={paper.id} files={files} tz={tz} dl={dl} />
          )}
          {dl.error ? <ErrorMessage error={dl.error} /> : null}
        </section>
      )}

      {paper && speakerCanWithdraw(paper.status) && (
        <div className="form-actions">
          <button
            type="button"
            className="btn btn-danger-outline"
            onClick={() => {
              withdraw.reset();
              setConfirmWithdraw(true);
            }}
            data-testid="paper-withdraw"
          >
            {t("paper.withdraw")}
          </button>
        </div>
      )}
      <ConfirmDialog
        open={confirmWithdraw}
        title={t("paper.withdraw")}
        message={paper ? t("paper.withdrawConfirm", { title: paper.title }) : ""}
        confirmLabel={t("paper.withdrawConfirmButton")}
        danger
        busy={withdraw.isPending}
        onConfirm={() => withdraw.mutate()}
        onCancel={() => setConfirmWithdraw(false)}
        error={withdraw.error ? <ErrorMessage error={withdraw.error} /> : null}
      />
    </div>
  );
}

/** Version history: newest first, downloads through an authenticated fetch. */
export function FileTable({
  paperId,
  files,
  tz,
  dl,
}: {
  paperId: number;
  files: Submission["files"];
  tz: string;
  dl: ReturnType<typeof useDownload>;
}) {
  const { t } = useTranslation();
  const ref = (f: SubmissionFile) => fileRef("/api/v1/submissions/{submission_id}/files/{version}", { submission_id: paperId, version: f.version });
  const columns: Column<SubmissionFile>[] = [
    { key: "version", header: t("paper.version"), render: (f) => t("paper.versionN", { n: f.version }) },
    { key: "name", header: t("paper.fileName"), className: "break", accessor: (f) => f.original_filename },
    { key: "size", header: t("paper.fileSize"), numeric: true, render: (f) => formatFileSize(f.size) },
    { key: "uploaded_at", header: t("paper.uploadedAt"), render: (f) => formatDateTime(f.uploaded_at, tz) },
  ];
  return (
    <DataTable
      testId="file-versions"
      columns={columns}
      rows={files}
      rowKey={(f) => f.version}
      actions={(f) => {
        const file = ref(f);
        return (
          <button
            type="button"
            className="btn btn-small"
            disabled={dl.pending === file.url}
            aria-label={t("paper.downloadVersion", { n: f.version, name: f.original_filename })}
            onClick={() => void dl.download(file, f.original_filename)}
          >
            {dl.pending === file.url ? t("paper.downloading") : t("paper.download")}
          </button>
        );
      }}
    />
  );
}

export function PaperEditorPage() {
  const { t } = useTranslation();
  const params = useParams();
  const paperId = params.id ? Number(params.id) : null;
  const newFor = params.seminarId ? Number(params.seminarId) : null;
  const existing = useQuery({
    queryKey: queryKeys.submissions.detail(paperId ?? 0),
    queryFn: () => getSubmission(paperId!),
    enabled: paperId != null,
  });
  const calls = useOpenCalls();

  if (paperId != null && existing.isPending) return <Loading />;
  if (paperId != null && existing.error) return <ErrorMessage error={existing.error} onRetry={() => existing.refetch()} />;
  if (calls.isPending) return <Loading />;
  const seminarId = existing.data?.seminar_id ?? newFor ?? NaN;
  const call = calls.data?.find((c) => c.id === seminarId) ?? null;
  if (paperId == null && !call) {
    return (
      <div className="card">
        <p>{t("paper.callNotOpen")}</p>
        {calls.error ? <ErrorMessage error={calls.error} onRetry={() => calls.refetch()} /> : null}
        <Link to="/speaker">{t("speaker.myPapers")}</Link>
      </div>
    );
  }
  return <PaperEditor key={paperId ?? `new-${newFor}`} paper={existing.data ?? null} seminarId={seminarId} call={call} />;
}

