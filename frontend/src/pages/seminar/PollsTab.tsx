/**
 * The console's polls (issue 13): create a poll (single, multiple or 1–5 scale; per site or per person;
 * shown live or not) or a satisfaction survey; open (a survey for a number of minutes), close, publish;
 * results as bars with counts and percentages, per level of the site tree (a row opens its children,
 * the breadcrumb goes back up), and the QR + link of a per-person poll. Live through the staff view's
 * `poll` messages (the page's one socket forwards them to `staffEvents`).
 */
import { useState, type FormEvent } from "react";
import "./PollsTab.css";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, ApiError, type ApiData } from "../../api/http";
import { queryKeys } from "../../api/queryKeys";
import type { Seminar } from "../../api/types";
import { DataTable, type Column } from "../../components/DataTable";
import { ConfirmDialog } from "../../components/Dialog";
import { ErrorMessage, Loading } from "../../components/Feedback";
import { Field } from "../../components/Field";
import { PollBars } from "../../components/PollBars";
import { PollQr } from "../../components/PollQr";
import { staffEvents, useBusEvent } from "../../lib/eventBus";
import { formatDateTime, formatNumber } from "../../lib/format";
import { levelBars, percentVi, pollMessageOf, SCALE_LABELS_VI } from "../../lib/polls";

type Poll = ApiData<"/api/v1/seminars/{seminar_id}/polls", "get">["items"][number];
type PollResults = ApiData<"/api/v1/seminars/{seminar_id}/polls/{poll_id}/results", "get">;
type LevelRow = PollResults["per_level"][number];
type Kind = Poll["kind"];
type Mode = Poll["mode"];
type Action = "open" | "close" | "publish";

const KINDS: Kind[] = ["single", "multiple", "scale"];
const MODES: Mode[] = ["per_site", "per_person"];
const SURVEY_MINUTES = 30;

function optionsFor(kind: Kind, current: string[]): string[] {
  if (kind === "scale") return [...SCALE_LABELS_VI];
  if (current.length === 5 && current.every((l, i) => l === SCALE_LABELS_VI[i])) return ["", ""];
  return current.length >= 2 ? current : [...current, "", ""].slice(0, 2);
}

function PollForm({ seminar, survey, onDone }: { seminar: Seminar; survey: boolean; onDone: (poll: Poll | null) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [question, setQuestion] = useState(survey ? t("pollsConsole.surveyQuestion") : "");
  const [kind, setKind] = useState<Kind>(survey ? "scale" : "single");
  const [options, setOptions] = useState<string[]>(survey ? [...SCALE_LABELS_VI] : ["", ""]);
  const [mode, setMode] = useState<Mode>(survey ? "per_person" : "per_site");
  const [showLive, setShowLive] = useState(!survey);
  const [localError, setLocalError] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: () =>
      api.POST("/api/v1/seminars/{seminar_id}/polls", {
        params: { path: { seminar_id: seminar.id } },
        body: {
          question: question.trim(),
          kind,
          options: options.map((o) => o.trim()),
          mode,
          show_live: showLive,
          purpose: survey ? "survey" : "poll",
        },
      }),
    onSuccess: (poll) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.seminar.polls(seminar.id) });
      onDone(poll);
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!question.trim()) return setLocalError(t("validation.required"));
    if (options.some((o) => !o.trim())) return setLocalError(t("pollsConsole.optionRequired"));
    setLocalError(null);
    create.mutate();
  };
  const server = create.error instanceof ApiError ? create.error.fieldErrors : {};
  return (
    <form className="card" onSubmit={onSubmit} noValidate data-testid="poll-create-form">
      <h3>{survey ? t("pollsConsole.newSurvey") : t("pollsConsole.newPoll")}</h3>
      {survey && <p className="muted">{t("pollsConsole.newSurveyHint")}</p>}
      <Field label={t("pollsConsole.question")} required error={server.question ?? null}>
        {(p) => <input {...p} value={question} maxLength={500} onChange={(e) => setQuestion(e.target.value)} data-testid="poll-question-input" />}
      </Field>
      {!survey && (
        <Field label={t("pollsConsole.kind")}>
          {(p) => (
            <select
              {...p}
              value={kind}
              data-testid="poll-kind"
              onChange={(e) => {
                const k = e.target.value as Kind;
                setKind(k);
                setOptions((cur) => optionsFor(k, cur));
              }}
            >
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`pollsConsole.kind_${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <fieldset className="poll-fieldset">
        <legend>{t("pollsConsole.options")}</legend>
        {options.map((o, i) => (
          <div key={i} className="poll-option-row">
            <input
              value={o}
              maxLength={300}
              aria-label={t("pollsConsole.option", { n: i + 1 })}
              data-testid="poll-option-input"
              onChange={(e) => {
                const v = e.target.value;
                setOptions((cur) => cur.map((x, j) => (j === i ? v : x)));
              }}
            />
            {kind !== "scale" && options.length > 2 && (
              <button type="button" className="btn btn-small" aria-label={t("pollsConsole.removeOption", { n: i + 1 })} onClick={() => setOptions((cur) => cur.filter((_, j) => j !== i))}>
                ×
              </button>
            )}
          </div>
        ))}
        {kind !== "scale" && options.length < 20 && (
          <button type="button" className="btn btn-small" onClick={() => setOptions((cur) => [...cur, ""])} data-testid="poll-add-option">
            {t("pollsConsole.addOption")}
          </button>
        )}
      </fieldset>
      {!survey && (
        <fieldset className="poll-fieldset">
          <legend>{t("pollsConsole.mode")}</legend>
          {MODES.map((m) => (
            <label key={m} className="checkbox">
              <input type="radio" name="poll-mode" value={m} checked={mode === m} onChange={() => setMode(m)} data-testid={`poll-mode-${m}`} />{" "}
              {t(`pollsConsole.mode_${m}`)}
            </label>
          ))}
        </fieldset>
      )}
      <label className="checkbox">
        <input type="checkbox" checked={showLive} onChange={(e) => setShowLive(e.target.checked)} data-testid="poll-show-live" /> {t("pollsConsole.showLive")}
      </label>
      {localError && (
        <p className="field-error" role="alert">
          {localError}
        </p>
      )}
      {create.error ? <ErrorMessage error={create.error} /> : null}
      <div className="form-actions">
        <button type="button" className="btn" onClick={() => onDone(null)}>
          {t("common.cancel")}
        </button>
        <button type="submit" className="btn btn-primary" disabled={create.isPending} data-testid="poll-create">
          {create.isPending ? t("pollsConsole.creating") : t("pollsConsole.create")}
        </button>
      </div>
    </form>
  );
}

/** Per level of the site tree: the scope's direct children with their subtrees' counts; a row opens its children. */
function PerLevel({ seminarId, poll, trail, onTrail }: { seminarId: number; poll: Poll; trail: { id: number; name: string }[]; onTrail: (t: { id: number; name: string }[]) => void }) {
  const { t } = useTranslation();
  const scope = trail.length ? trail[trail.length - 1].id : null;
  const q = useQuery({
    queryKey: queryKeys.seminar.pollResults(seminarId, poll.id, scope),
    queryFn: () =>
      api.GET("/api/v1/seminars/{seminar_id}/polls/{poll_id}/results", {
        params: { path: { seminar_id: seminarId, poll_id: poll.id }, query: scope === null ? {} : { scope } },
      }),
  });
  const columns: Column<LevelRow>[] = [
    {
      key: "name",
      header: t("pollsConsole.colSite"),
      accessor: (r) => r.name,
      sortable: true,
      render: (r) => (
        <button type="button" className="poll-level-link" onClick={() => onTrail([...trail, { id: r.site_id, name: r.name }])} aria-label={t("pollsConsole.openLevel", { name: r.name })} data-testid="poll-level-open">
          {r.name}
        </button>
      ),
    },
    { key: "responses", header: t("pollsConsole.colResponses"), accessor: (r) => r.responses, numeric: true, sortable: true, firstDir: "desc", render: (r) => formatNumber(r.responses) },
    ...poll.options.map<Column<LevelRow>>((o) => ({
      key: `o${o.id}`,
      header: o.label,
      numeric: true,
      accessor: (r) => r.counts.find((c) => c.option_id === o.id)?.count ?? 0,
      render: (r) => {
        const n = r.counts.find((c) => c.option_id === o.id)?.count ?? 0;
        return (
          <span data-testid="poll-level-count" data-option-id={o.id} data-count={n}>
            {formatNumber(n)} <span className="muted small">({percentVi(n, r.responses)})</span>
          </span>
        );
      },
    })),
  ];
  return (
    <section aria-labelledby="poll-level-heading" data-testid="poll-per-level">
      <h4 id="poll-level-heading">{t("pollsConsole.perLevel")}</h4>
      <nav className="breadcrumb" aria-label={t("nav.breadcrumb")} data-testid="poll-level-crumbs">
        {trail.length === 0 ? (
          <span aria-current="page">{t("pollsConsole.wholeSeminar")}</span>
        ) : (
          <>
            <button type="button" className="poll-level-link" onClick={() => onTrail([])}>
              {t("pollsConsole.wholeSeminar")}
            </button>
            {trail.map((c, i) => (
              <span key={c.id}>
                {" › "}
                {i === trail.length - 1 ? (
                  <span aria-current="page">{c.name}</span>
                ) : (
                  <button type="button" className="poll-level-link" onClick={() => onTrail(trail.slice(0, i + 1))}>
                    {c.name}
                  </button>
                )}
              </span>
            ))}
          </>
        )}
      </nav>
      {scope !== null && q.data && (
        <PollBars options={levelBars(poll.options, sumCounts(q.data))} responses={q.data.responses} size="small" testId="poll-level-bars" />
      )}
      <DataTable
        testId="poll-level-table"
        columns={columns}
        rows={q.data?.per_level}
        loading={q.isPending}
        error={q.error}
        onRetry={() => q.refetch()}
        rowKey={(r) => r.site_id}
        empty={t("pollsConsole.noLevel")}
        pageSize={50}
        rowProps={(r) => ({ "data-testid": "poll-level-row", "data-site-id": r.site_id, "data-responses": r.responses })}
      />
    </section>
  );
}

/** The scope's own figures as option counts (the results of a scope are its subtree's). */
function sumCounts(r: PollResults): { option_id: number; count: number }[] {
  return r.options.map((o) => ({ option_id: o.id, count: o.count }));
}

function PollDetail({ seminar, poll }: { seminar: Seminar; poll: Poll }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [minutes, setMinutes] = useState(poll.purpose === "survey" ? String(SURVEY_MINUTES) : "");
  const [trail, setTrail] = useState<{ id: number; name: string }[]>([]);
  const [deleting, setDeleting] = useState(false);
  const results = useQuery({
    queryKey: queryKeys.seminar.pollResults(seminar.id, poll.id, null),
    queryFn: () =>
      api.GET("/api/v1/seminars/{seminar_id}/polls/{poll_id}/results", {
        params: { path: { seminar_id: seminar.id, poll_id: poll.id }, query: {} },
      }),
  });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.seminar.polls(seminar.id) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.seminar.pollResults(seminar.id, poll.id) });
  };
  const act = useMutation({
    mutationFn: (action: Action) => {
      const params = { path: { seminar_id: seminar.id, poll_id: poll.id } };
      switch (action) {
        case "open":
          return api.POST("/api/v1/seminars/{seminar_id}/polls/{poll_id}/open", {
            params,
            body: { duration_minutes: minutes.trim() ? Number(minutes) : null },
          });
        case "close":
          return api.POST("/api/v1/seminars/{seminar_id}/polls/{poll_id}/close", { params });
        case "publish":
          return api.POST("/api/v1/seminars/{seminar_id}/polls/{poll_id}/publish", { params });
      }
    },
    onSuccess: refresh,
    // A 409 (wrong state, or the seminar not live) says why; the list is refreshed so the buttons match.
    onError: refresh,
  });
  const remove = useMutation({
    mutationFn: () => api.DELETE("/api/v1/seminars/{seminar_id}/polls/{poll_id}", { params: { path: { seminar_id: seminar.id, poll_id: poll.id } } }),
    onSuccess: () => {
      setDeleting(false);
      void queryClient.invalidateQueries({ queryKey: queryKeys.seminar.polls(seminar.id) });
    },
  });
  const r = results.data;
  const status = r?.status ?? poll.status;
  return (
    <section className="card" data-testid="poll-detail" data-poll-id={poll.id} data-status={status} aria-labelledby="poll-detail-heading">
      <div className="poll-detail-head">
        <div>
          <p className="eyebrow">
            {t(`pollsConsole.purpose_${poll.purpose}`)} · {t(`pollsConsole.kind_${poll.kind}`)} · {t(`pollsConsole.modeShort_${poll.mode}`)}
          </p>
          <h3 id="poll-detail-heading">{poll.question}</h3>
          <p>
            <span className={`badge badge-poll-${status}`} data-testid="poll-status">
              {t(`pollsConsole.status_${status}`)}
            </span>
            {poll.closes_at && status === "open" && <span className="muted"> · {t("polls.closesAt", { time: formatDateTime(poll.closes_at, seminar.timezone) })}</span>}
          </p>
        </div>
        <div className="form-actions" role="group" aria-label={t("polls.results")}>
          {status === "draft" && (
            <>
              <label className="poll-inline-field">
                {t("pollsConsole.duration")}{" "}
                <input type="number" min={1} inputMode="numeric" className="poll-input-narrow" value={minutes} onChange={(e) => setMinutes(e.target.value)} data-testid="poll-duration" />
              </label>
              <button type="button" className="btn btn-danger-outline" onClick={() => setDeleting(true)} data-testid="poll-delete">
                {t("pollsConsole.delete")}
              </button>
              <button type="button" className="btn btn-primary" disabled={act.isPending} onClick={() => act.mutate("open")} data-testid="poll-open">
                {t("pollsConsole.open")}
              </button>
            </>
          )}
          {status === "open" && (
            <button type="button" className="btn" disabled={act.isPending} onClick={() => act.mutate("close")} data-testid="poll-close">
              {t("pollsConsole.close")}
            </button>
          )}
          {status === "closed" && (
            <button type="button" className="btn btn-primary" disabled={act.isPending} onClick={() => act.mutate("publish")} data-testid="poll-publish">
              {t("pollsConsole.publish")}
            </button>
          )}
        </div>
      </div>
      {act.error ? <ErrorMessage error={act.error} /> : null}
      <div className="poll-detail-body">
        {results.error ? (
          <ErrorMessage error={results.error} onRetry={() => results.refetch()} />
        ) : r ? (
          <PollBars options={r.options} responses={r.responses} testId="poll-results-bars" />
        ) : (
          <Loading />
        )}
        {poll.mode === "per_person" && status !== "published" && <PollQr token={poll.token} size={180} />}
      </div>
      {r?.satisfied_percent_vi && (
        <p className="poll-satisfied" data-testid="poll-satisfied">
          {t("pollsConsole.satisfied", { p: r.satisfied_percent_vi })}
        </p>
      )}
      {poll.mode === "per_site" && status !== "draft" && <PerLevel seminarId={seminar.id} poll={poll} trail={trail} onTrail={setTrail} />}
      <ConfirmDialog
        open={deleting}
        title={t("pollsConsole.delete")}
        message={t("pollsConsole.confirmDelete", { question: poll.question })}
        confirmLabel={t("pollsConsole.delete")}
        danger
        busy={remove.isPending}
        onConfirm={() => remove.mutate()}
        onCancel={() => setDeleting(false)}
        error={remove.error ? <ErrorMessage error={remove.error} /> : null}
      />
    </section>
  );
}

export function PollsTab({ seminar }: { seminar: Seminar }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState<null | "poll" | "survey">(null);
  const [selected, setSelected] = useState<number | null>(null);
  const list = useQuery({
    queryKey: queryKeys.seminar.polls(seminar.id),
    queryFn: () => api.GET("/api/v1/seminars/{seminar_id}/polls", { params: { path: { seminar_id: seminar.id } } }),
  });
  useBusEvent(staffEvents, "poll", (message) => {
    const m = pollMessageOf<{ poll_id: number; status: string; responses: number }>(message);
    if (!m) return;
    const results = queryKeys.seminar.pollResults(seminar.id, m.poll.poll_id, null);
    // The whole seminar's figures come in the message (shown at once); the per-level rows are asked again.
    queryClient.setQueryData(results, (old: PollResults | undefined) => (old ? { ...old, ...m.poll, per_level: old.per_level } : old));
    void queryClient.invalidateQueries({ queryKey: queryKeys.seminar.pollResults(seminar.id, m.poll.poll_id) });
    queryClient.setQueryData(queryKeys.seminar.polls(seminar.id), (old: { items: Poll[]; total: number } | undefined) =>
      old ? { ...old, items: old.items.map((p) => (p.id === m.poll.poll_id ? { ...p, status: m.poll.status as Poll["status"], responses: m.poll.responses } : p)) } : old,
    );
  });
  const items = list.data?.items ?? [];
  const poll = items.find((p) => p.id === selected) ?? null;
  const columns: Column<Poll>[] = [
    {
      key: "question",
      header: t("pollsConsole.colQuestion"),
      accessor: (p) => p.question,
      render: (p) => (
        <button type="button" className="poll-level-link" onClick={() => setSelected(p.id)} data-testid="poll-select">
          {p.question}
        </button>
      ),
    },
    { key: "kind", header: t("pollsConsole.colKind"), accessor: (p) => `${t(`pollsConsole.purpose_${p.purpose}`)} · ${t(`pollsConsole.kind_${p.kind}`)}` },
    { key: "mode", header: t("pollsConsole.colMode"), accessor: (p) => t(`pollsConsole.modeShort_${p.mode}`) },
    { key: "status", header: t("pollsConsole.colStatus"), accessor: (p) => t(`pollsConsole.status_${p.status}`) },
    { key: "responses", header: t("pollsConsole.colResponses"), accessor: (p) => p.responses, numeric: true, render: (p) => formatNumber(p.responses) },
  ];
  return (
    <div className="polls-layout" data-testid="polls-tab">
      <div className="page-head">
        <div>
          <h2>{t("pollsConsole.tabHeading")}</h2>
          <p className="muted">{t("pollsConsole.tabHint")}</p>
        </div>
        <div className="page-head-actions">
          <button type="button" className="btn btn-primary" onClick={() => setCreating("poll")} data-testid="poll-new">
            {t("pollsConsole.newPoll")}
          </button>
          <button type="button" className="btn" onClick={() => setCreating("survey")} data-testid="survey-new">
            {t("pollsConsole.newSurvey")}
          </button>
        </div>
      </div>
      {creating && (
        <PollForm
          key={creating}
          seminar={seminar}
          survey={creating === "survey"}
          onDone={(p) => {
            setCreating(null);
            if (p) setSelected(p.id);
          }}
        />
      )}
      <DataTable
        testId="polls-table"
        columns={columns}
        rows={list.data?.items}
        loading={list.isPending}
        error={list.error}
        onRetry={() => list.refetch()}
        rowKey={(p) => p.id}
        empty={t("pollsConsole.none")}
        rowProps={(p) => ({ "data-testid": "poll-row", "data-poll-id": p.id, "data-status": p.status, className: p.id === selected ? "is-selected" : undefined })}
      />
      {poll && <PollDetail key={poll.id} seminar={seminar} poll={poll} />}
    </div>
  );
}
