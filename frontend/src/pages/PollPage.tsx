/**
 * A poll on a phone (/p/<poll_token>, from the QR on the big screen or the site page): the question, its
 * options (radio for single and scale, boxes for multiple), "Gửi". One answer per device (a UUID kept in
 * localStorage), replaced by answering again until the poll closes. Results when the organizers show them.
 * Built for a 360-px phone on a weak line: a failed send keeps the choice on screen with "Gửi lại".
 */
import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery } from "@tanstack/react-query";
import { ApiError, publicApi, type ApiData } from "../api/http";
import { queryKeys } from "../api/queryKeys";
import { ErrorMessage, Loading, Notice } from "../components/Feedback";
import { PollBars } from "../components/PollBars";
import { PublicLayout } from "../components/PublicLayout";
import { formatTime } from "../lib/format";
import { deviceKey, savedChoice, saveChoice, toggleChoice } from "../lib/polls";

type PublicPoll = ApiData<"/api/v1/public/polls/{token}", "get">;

/** While open and showing live results, the page refreshes them now and then (no socket on a phone). */
const LIVE_REFRESH_MS = 10_000;

function PollForm({ token, poll, onSent }: { token: string; poll: PublicPoll; onSent: () => void }) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<number[]>(() => savedChoice(token).filter((id) => poll.options.some((o) => o.id === id)));
  const [sentChoice, setSentChoice] = useState<number[] | null>(() => (savedChoice(token).length ? savedChoice(token) : null));
  const send = useMutation({
    mutationFn: (option_ids: number[]) =>
      publicApi.POST("/api/v1/public/polls/{token}/answers", {
        params: { path: { token } },
        body: { option_ids, device_key: deviceKey() },
      }),
    onSuccess: (_answer, option_ids) => {
      saveChoice(token, option_ids);
      setSentChoice(option_ids);
      onSent();
    },
    onError: (e) => {
      // Closed meanwhile: reload the poll, which then says so.
      if (e instanceof ApiError && e.status === 409) onSent();
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (chosen.length) send.mutate(chosen);
  };
  const multiple = poll.kind === "multiple";
  const changed = sentChoice === null || sentChoice.length !== chosen.length || chosen.some((id) => !sentChoice.includes(id));
  return (
    <form onSubmit={onSubmit} className="poll-form" data-testid="poll-form">
      <fieldset>
        <legend className="poll-hint">{multiple ? t("polls.chooseMany") : t("polls.chooseOne")}</legend>
        {poll.options.map((o) => (
          <label key={o.id} className={`poll-choice${chosen.includes(o.id) ? " is-chosen" : ""}`} data-testid="poll-choice">
            <input
              type={multiple ? "checkbox" : "radio"}
              name="poll-option"
              value={o.id}
              checked={chosen.includes(o.id)}
              onChange={() => setChosen((c) => toggleChoice(poll.kind, c, o.id))}
            />
            <span>{o.label}</span>
          </label>
        ))}
      </fieldset>
      {send.error ? <ErrorMessage error={send.error} /> : null}
      {!send.error && sentChoice && !changed && (
        <div className="alert alert-success" role="status" data-testid="poll-recorded">
          {t("polls.recorded")}
        </div>
      )}
      <button type="submit" className="btn btn-primary btn-block" disabled={!chosen.length || send.isPending || (!changed && !send.error)} data-testid="poll-send">
        {send.isPending ? t("polls.sending") : send.error ? t("polls.sendAgain") : sentChoice ? t("polls.change") : t("polls.send")}
      </button>
    </form>
  );
}

export function PollPage({ token }: { token: string }) {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: queryKeys.publicPoll(token),
    queryFn: () => publicApi.GET("/api/v1/public/polls/{token}", { params: { path: { token } } }),
    enabled: !!token,
    // A weak line: keep trying (with the client's backoff), but a 404 is final.
    retry: (n, e) => !(e instanceof ApiError && e.status >= 400 && e.status < 500) && n < 5,
    refetchInterval: (query) => {
      const p = query.state.data;
      return p && p.status === "open" && p.results ? LIVE_REFRESH_MS : false;
    },
  });
  const poll = q.data;
  useEffect(() => {
    if (poll?.question) document.title = `${poll.question} — ${t("polls.pageTitle")}`;
  }, [poll?.question, t]);

  let body: React.ReactNode;
  if (!token) body = <Notice kind="warning">{t("polls.notFound")}</Notice>;
  else if (q.isPending) body = <Loading />;
  else if (q.error && !poll) {
    body =
      q.error instanceof ApiError && q.error.status === 404 ? (
        <div className="alert alert-error" role="alert" data-testid="poll-not-found">
          {t("polls.notFound")}
        </div>
      ) : (
        <ErrorMessage error={q.error} onRetry={() => q.refetch()} />
      );
  } else {
    const p = poll!;
    const open = p.status === "open";
    body = (
      <section className="card poll-page" data-testid="poll-page" data-status={p.status}>
        {p.seminar_title && <p className="eyebrow">{p.seminar_title}</p>}
        <h1 className="poll-question" data-testid="poll-question">
          {p.question}
        </h1>
        {open && p.closes_at && <p className="muted">{t("polls.closesAt", { time: formatTime(p.closes_at) })}</p>}
        {open ? (
          <PollForm token={token} poll={p} onSent={() => void q.refetch()} />
        ) : (
          <div className="alert alert-info" role="status" data-testid="poll-closed">
            {p.status === "draft" ? t("polls.notOpenYet") : t("polls.closedPhone")}
          </div>
        )}
        {p.results && (
          <div className="poll-page-results">
            <h2>{t("polls.results")}</h2>
            <PollBars options={p.results.options} responses={p.results.responses} size="small" />
          </div>
        )}
      </section>
    );
  }
  return <PublicLayout>{body}</PublicLayout>;
}
