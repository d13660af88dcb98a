import { useMemo } from "react";
import { Link, useLocation } from "react-router";
import { useTranslation } from "react-i18next";
import { useQuery } from "@tanstack/react-query";
import { api, publicApi } from "../../api/http";
import { queryKeys } from "../../api/queryKeys";
import type { OpenCall, Submission } from "../../api/types";
import { useAuth } from "../../auth/AuthContext";
import { EmptyState, ErrorMessage, Loading, Notice } from "../../components/Feedback";
import { StatusBadge } from "../../components/StatusBadge";
import { formatDateTime } from "../../lib/format";
import { isDecided, latestFile, typesLabel } from "../../lib/submissions";

/** One page of "my papers" (the server allows up to 1000). */
const MY_PAPERS_LIMIT = 500;

export function useOpenCalls() {
  return useQuery({
    queryKey: queryKeys.public.calls(),
    queryFn: async () => (await publicApi.GET("/api/v1/public/calls")).items ?? [],
    staleTime: 60_000,
  });
}

function CallCard({ call }: { call: OpenCall }) {
  const { t } = useTranslation();
  const tz = call.timezone;
  return (
    <li className="card call-card" data-testid="open-call">
      <h3>{call.title}</h3>
      <p className="muted small">
        {[formatDateTime(call.starts_at, tz), call.venue, call.organizer_unit].filter(Boolean).join(" · ")}
      </p>
      <p>
        <strong>{t("speaker.deadline")}: </strong>
        {call.submissions_close_at ? formatDateTime(call.submissions_close_at, tz) : t("speaker.noDeadline")}
      </p>
      <p className="muted small">{t("speaker.fileRules", { types: typesLabel(call.accepted_file_types), max: call.max_upload_mb })}</p>
      {call.submission_instructions && (
        <details>
          <summary>{t("speaker.instructions")}</summary>
          <p className="prewrap">{call.submission_instructions}</p>
        </details>
      )}
      <Link to={`/speaker/new/${call.id}`} className="btn btn-primary" data-testid="start-paper">
        {t("speaker.startPaper")}
      </Link>
    </li>
  );
}

function PaperRow({ paper, tz }: { paper: Submission; tz?: string }) {
  const { t } = useTranslation();
  const file = latestFile(paper.files);
  return (
    <li className="paper-row" data-testid="my-paper">
      <div className="paper-row-main">
        <Link to={`/speaker/papers/${paper.id}`} className="paper-row-title">
          {paper.title}
        </Link>
        <div className="muted small">
          {file ? t("speaker.latestFile", { name: file.original_filename, version: file.version }) : t("speaker.noFileYet")}
          {" · "}
          {t("speaker.updatedAt", { when: formatDateTime(paper.updated_at, tz) })}
        </div>
        {isDecided(paper.status) && paper.decision_note && <div className="small prewrap">{paper.decision_note}</div>}
      </div>
      <StatusBadge status={paper.status} kind="submission" />
    </li>
  );
}

export function SpeakerHome() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice;
  const calls = useOpenCalls();
  const papers = useQuery({
    queryKey: queryKeys.submissions.mine(),
    queryFn: () => api.GET("/api/v1/submissions", { params: { query: { limit: MY_PAPERS_LIMIT } } }),
  });

  // Seminar titles and time zones come from the open calls; a seminar no longer open falls back to its number.
  const seminars = useMemo(() => {
    const m = new Map<number, { title: string; timezone?: string }>();
    for (const c of calls.data ?? []) m.set(c.id, { title: c.title, timezone: c.timezone });
    return m;
  }, [calls.data]);

  // Papers come newest first; groups keep the order of each seminar's newest paper.
  const groups = useMemo(() => {
    const m = new Map<number, Submission[]>();
    for (const p of papers.data?.items ?? []) {
      const list = m.get(p.seminar_id);
      if (list) list.push(p);
      else m.set(p.seminar_id, [p]);
    }
    return [...m.entries()].map(([seminarId, items]) => ({ seminarId, items }));
  }, [papers.data]);

  const loadingPapers = papers.isPending || (calls.isPending && groups.length > 0);
  const isSpeaker = user?.role === "speaker";

  return (
    <div className="speaker-home">
      {notice && <Notice kind="success">{notice}</Notice>}
      {!isSpeaker && (
        <Notice kind="info">
          {t("speaker.notSpeaker")} <Link to="/">{t("speaker.toConsole")}</Link>
        </Notice>
      )}
      <section aria-labelledby="my-papers-heading">
        <h1 id="my-papers-heading">{t("speaker.myPapers")}</h1>
        {loadingPapers && <Loading />}
        {papers.error && <ErrorMessage error={papers.error} onRetry={() => papers.refetch()} />}
        {!loadingPapers && !papers.error && groups.length === 0 && <EmptyState>{t("speaker.noPapers")}</EmptyState>}
        {!loadingPapers &&
          groups.map(({ seminarId, items }) => {
            const seminar = seminars.get(seminarId);
            return (
              <section key={seminarId} className="card paper-group" data-testid="paper-group">
                <h2>{seminar?.title ?? t("speaker.seminarFallback", { id: seminarId })}</h2>
                <ul className="paper-list">
                  {items.map((p) => (
                    <PaperRow key={p.id} paper={p} tz={seminar?.timezone} />
                  ))}
                </ul>
              </section>
            );
          })}
      </section>
      <OpenCalls />
    </div>
  );
}

/** The open calls for papers (public: shown before signing in too). */
export function OpenCalls() {
  const { t } = useTranslation();
  const calls = useOpenCalls();
  return (
    <section aria-labelledby="calls-heading" className="open-calls">
      <h2 id="calls-heading">{t("speaker.openCalls")}</h2>
      {calls.isPending && <Loading />}
      {calls.error && <ErrorMessage error={calls.error} onRetry={() => calls.refetch()} />}
      {calls.data && calls.data.length === 0 && <EmptyState>{t("speaker.noCalls")}</EmptyState>}
      {calls.data && calls.data.length > 0 && (
        <ul className="call-list">
          {calls.data.map((c) => (
            <CallCard key={c.id} call={c} />
          ))}
        </ul>
      )}
    </section>
  );
}
