/**
 * "Xin phát biểu" on the site page: the form (name, title, topic) and the state of the site's own
 * requests ("Đã đăng ký, thứ tự 3", "Chuẩn bị phát biểu", "Đang phát biểu"), live from the site's
 * `speaking` messages. Self-contained: it needs the token and the seminar's status only. Requests go
 * through the page's outbox (src/lib/useSiteQueue.ts), withdrawals straight to the API.
 */
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { publicApi, siteAuth } from "../../api/http";
import { queryKeys } from "../../api/queryKeys";
import type { SeminarStatus, SiteSpeakingMessage, SpeakingRequest } from "../../api/types";
import { ErrorMessage } from "../../components/Feedback";
import { Field } from "../../components/Field";
import { siteEvents, useBusEvent } from "../../lib/eventBus";
import { useSiteQueue } from "../../lib/useSiteQueue";
import { SiteSendStatus } from "./SiteSendStatus";

type MySpeaking = { items: SpeakingRequest[]; total: number };

const OPEN: SpeakingRequest["status"][] = ["requested", "called", "speaking"];
const MAX_OPEN = 3;

/** The site's own message (`{request, place}`), not the public floor every page also gets. */
function isOwn(data: unknown): data is SiteSpeakingMessage {
  return !!data && typeof data === "object" && "request" in data;
}

/** The list with `request` put in (replacing the same id), newest first. */
export function withRequest(list: MySpeaking | undefined, request: SpeakingRequest): MySpeaking {
  const items = [request, ...(list?.items ?? []).filter((r) => r.id !== request.id)].sort((a, b) => b.id - a.id);
  return { items, total: items.length };
}

function RequestState({ request, token }: { request: SpeakingRequest; token: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const withdraw = useMutation({
    mutationFn: () =>
      publicApi.POST("/api/v1/site/speaking/{request_id}/withdraw", {
        params: { path: { request_id: request.id } },
        headers: siteAuth(token),
      }),
    onSuccess: (r) => queryClient.setQueryData<MySpeaking>(queryKeys.siteSpeaking(token), (old) => withRequest(old, r)),
  });
  const s = request.status;
  const label =
    s === "speaking"
      ? t("speaking.site.speaking")
      : s === "called"
        ? t("speaking.site.called")
        : t("speaking.site.requested", { place: request.place ?? "—" });
  return (
    <li className={`speaking-mine is-${s}`} data-testid="site-speaking-request" data-status={s}>
      <strong className="speaking-state" data-testid="site-speaking-state">
        {label}
      </strong>
      {s === "called" && request.place != null && (
        <span className="muted"> · {t("speaking.site.place", { place: request.place })}</span>
      )}
      <div>
        {request.speaker_name}
        {request.speaker_title ? `, ${request.speaker_title}` : ""}
        {request.topic ? <span className="muted"> — {request.topic}</span> : null}
      </div>
      {withdraw.error ? <ErrorMessage error={withdraw.error} /> : null}
      {(s === "requested" || s === "called") && (
        <button type="button" className="btn btn-small btn-danger-outline" disabled={withdraw.isPending} onClick={() => withdraw.mutate()} data-testid="site-speaking-withdraw">
          {t("speaking.site.withdraw")}
        </button>
      )}
    </li>
  );
}

interface Props {
  token: string;
  seminarStatus: SeminarStatus;
  /** The page's socket is connected: on every (re)connection the requests are read again, since
   * messages sent while the line was down are not replayed. */
  connected?: boolean;
}

export function SiteSpeaking({ token, seminarStatus, connected }: Props) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const key = queryKeys.siteSpeaking(token);
  const q = useQuery({
    queryKey: key,
    queryFn: (): Promise<MySpeaking> => publicApi.GET("/api/v1/site/speaking", { headers: siteAuth(token) }),
  });
  const refetch = q.refetch;
  const wasConnected = useRef(connected);
  useEffect(() => {
    if (connected && wasConnected.current === false) void refetch();
    wasConnected.current = connected;
  }, [connected, refetch]);
  useBusEvent(siteEvents, "speaking", (data) => {
    if (isOwn(data)) queryClient.setQueryData<MySpeaking>(key, (old) => withRequest(old, { ...data.request, place: data.place }));
  });
  const [name, setName] = useState("");
  const [title, setTitle] = useState("");
  const [topic, setTopic] = useState("");
  const [error, setError] = useState<string | null>(null);
  // Sent through the page's outbox: kept across reloads and lost lines, sent once (request_id).
  const outbox = useSiteQueue(token);
  const [lastId, setLastId] = useState<string | null>(null);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) {
      setError(t("validation.required"));
      return;
    }
    setError(null);
    const { request_id, settled } = outbox.send("/api/v1/site/speaking", {
      speaker_name: name.trim(),
      speaker_title: title.trim() || null,
      topic: topic.trim() || null,
    });
    setLastId(request_id);
    setName("");
    setTitle("");
    setTopic("");
    void settled.then((outcome) => {
      if (outcome.status === "sent") queryClient.setQueryData<MySpeaking>(key, (old) => withRequest(old, outcome.answer as SpeakingRequest));
    });
  };
  const accepting = seminarStatus === "published" || seminarStatus === "live";
  const items = q.data?.items ?? [];
  const open = items.filter((r) => OPEN.includes(r.status));
  const rejected = items.find((r) => r.status === "rejected" && r.note);
  if (!accepting && !open.length) return null;
  return (
    <section className="card site-speaking" aria-labelledby="site-speaking-heading" data-testid="site-speaking">
      <h2 id="site-speaking-heading">{t("speaking.site.heading")}</h2>
      {q.error ? <ErrorMessage error={q.error} onRetry={() => void q.refetch()} /> : null}
      {open.length > 0 && (
        <ul className="speaking-mine-list" aria-live="polite">
          {open.map((r) => (
            <RequestState key={r.id} request={r} token={token} />
          ))}
        </ul>
      )}
      {rejected && !open.length && (
        <p className="muted" data-testid="site-speaking-rejected">
          {t("speaking.site.rejected", { note: rejected.note })}
        </p>
      )}
      <SiteSendStatus outbox={outbox} requestId={lastId} />
      {accepting && open.length < MAX_OPEN && (
        <form onSubmit={onSubmit} noValidate data-testid="site-speaking-form">
          <Field label={t("speaking.speaker_name")} error={error} required>
            {(p) => <input {...p} autoComplete="name" maxLength={200} value={name} onChange={(e) => setName(e.target.value)} data-testid="site-speaking-name" />}
          </Field>
          <Field label={t("speaking.speaker_title")}>
            {(p) => <input {...p} maxLength={300} value={title} onChange={(e) => setTitle(e.target.value)} data-testid="site-speaking-title" />}
          </Field>
          <Field label={t("speaking.topic")}>
            {(p) => <input {...p} maxLength={500} value={topic} onChange={(e) => setTopic(e.target.value)} data-testid="site-speaking-topic" />}
          </Field>
          <button type="submit" className="btn btn-primary btn-huge" data-testid="site-speaking-send">
            {t("speaking.site.ask")}
          </button>
        </form>
      )}
    </section>
  );
}
