import { useEffect, useMemo } from "react";
import { Link, useLocation } from "react-router";
import { useTranslation } from "react-i18next";
import { useQueries, useQuery } from "@tanstack/react-query";
import { ApiError } from "../../api/client";
import { listOpenCalls, listSubmissions } from "../../api/endpoints";
import type { OpenCall, Submission } from "../../api/types";
import { useAuth } from "../../auth/AuthContext";
import { EmptyState, ErrorMessage, Loading, Notice } from "../../components/Feedback";
import { StatusBadge } from "../../components/StatusBadge";
import { formatDateTime } from "../../lib/format";
import { isDecided, latestFile, typesLabel } from "../../lib/submissions";
import { knownSeminars, rememberSeminar, type KnownSeminar } from "./speakerStore";

export const callsKey = ["public", "calls"];
export const mySubmissionsKey = (seminarId: number) => ["seminar", seminarId, "submissions", "mine"];

export function useOpenCalls() {
  return useQuery({ queryKey: callsKey, queryFn: async () => (await listOpenCalls()).items ?? [], staleTime: 60_000 });
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
  const userId = user?.id ?? 0;

  // Papers are listed per seminar: every open call plus the seminars this speaker has written for before.
  const seminars = useMemo(() => {
    const m = new Map<number, KnownSeminar>();
    for (const c of calls.data ?? []) m.set(c.id, { id: c.id, title: c.title, timezone: c.timezone });
    for (const s of knownSeminars(userId)) if (!m.has(s.id)) m.set(s.id, s);
    return [...m.values()];
  }, [calls.data, userId]);

  const lists = useQueries({
    queries: seminars.map((s) => ({
      queryKey: mySubmissionsKey(s.id),
      queryFn: () => listSubmissions(s.id, { limit: 100 }),
      retry: (n: number, e: unknown) => !(e instanceof ApiError && e.status < 500) && n < 2,
    })),
  });

  const groups = seminars
    .map((s, i) => ({ seminar: s, q: lists[i] }))
    // A seminar that answers 4xx (gone, or not ours any more) is left out; a network or server error is shown.
    .filter((g) => (g.q?.data?.items?.length ?? 0) > 0 || (!!g.q?.error && !(g.q.error instanceof ApiError && g.q.error.status >= 400 && g.q.error.status < 500)));

  useEffect(() => {
    seminars.forEach((s, i) => {
      if ((lists[i]?.data?.items?.length ?? 0) > 0) rememberSeminar(userId, s);
    });
  }, [seminars, lists, userId]);

  const loadingPapers = calls.isPending || lists.some((q) => q.isPending);
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
        {!loadingPapers && groups.length === 0 && <EmptyState>{t("speaker.noPapers")}</EmptyState>}
        {groups.map(({ seminar, q }) => (
          <section key={seminar.id} className="card paper-group" data-testid="paper-group">
            <h2>{seminar.title}</h2>
            {q.error ? (
              <ErrorMessage error={q.error} onRetry={() => q.refetch()} />
            ) : (
              <ul className="paper-list">
                {(q.data?.items ?? []).map((p) => (
                  <PaperRow key={p.id} paper={p} tz={seminar.timezone} />
                ))}
              </ul>
            )}
          </section>
        ))}
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
