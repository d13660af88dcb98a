/**
 * The poll of the moment on the big screen: the question, bars with counts and percentages, and for a
 * per-person poll a large QR of /p/<token> with its short link. Shown while the organizers show a poll
 * (GET /public/seminars/{slug}/polls: shown live and open or closed, or published); an open poll first,
 * then the latest. Kept live by the public view's `poll` messages (DisplayPage forwards them here).
 */
import { useMemo, useState } from "react";
import "./DisplayPoll.css";
import { useTranslation } from "react-i18next";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { publicApi, type ApiData } from "../../api/http";
import { queryKeys } from "../../api/queryKeys";
import { PollBars } from "../../components/PollBars";
import { PollQr } from "../../components/PollQr";
import { publicEvents, useBusEvent } from "../../lib/eventBus";
import { applyPollMessage, pollMessageOf, pollToShow } from "../../lib/polls";

type ShownPoll = ApiData<"/api/v1/public/seminars/{slug}/polls", "get">["items"][number];
type Figures = NonNullable<ShownPoll["results"]>;

export function DisplayPoll({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const key = queryKeys.public.polls(slug);
  const q = useQuery({
    queryKey: key,
    queryFn: () => publicApi.GET("/api/v1/public/seminars/{slug}/polls", { params: { path: { slug } } }),
    enabled: !!slug,
  });
  const [live, setLive] = useState<ReadonlyMap<number, { version: number; poll: Figures }>>(new Map());
  useBusEvent(publicEvents, "poll", (message) => {
    const m = pollMessageOf<Figures>(message);
    if (!m) return;
    setLive((cur) => applyPollMessage(cur, m));
    const known = q.data?.items.find((p) => p.results?.poll_id === m.poll.poll_id);
    // A poll newly shown, or whose state changed (opened, closed, published): the list says which to show.
    if (!known || known.status !== m.poll.status) void queryClient.invalidateQueries({ queryKey: key });
  });
  const polls = useMemo(
    () =>
      (q.data?.items ?? []).map((p) => {
        const fresh = p.results ? live.get(p.results.poll_id)?.poll : undefined;
        return fresh ? { ...p, status: fresh.status, results: fresh } : p;
      }),
    [q.data, live],
  );
  const poll = pollToShow(polls);
  if (!poll || !poll.results) return null;
  const perPerson = poll.mode === "per_person" && poll.status === "open";
  return (
    <section
      className="display-poll"
      aria-label={t("polls.pageTitle")}
      data-testid="display-poll"
      data-poll-id={poll.results.poll_id}
      data-status={poll.status}
    >
      <div className="display-poll-main">
        <h2 className="display-poll-question" data-testid="display-poll-question">
          {poll.question}
        </h2>
        <PollBars options={poll.results.options} responses={poll.results.responses} size="big" testId="display-poll-bars" />
        {poll.results.satisfied_percent_vi && (
          <p className="display-poll-satisfied">{t("pollsConsole.satisfied", { p: poll.results.satisfied_percent_vi })}</p>
        )}
      </div>
      {perPerson && <PollQr token={poll.token} size={260} testId="display-poll-qr" />}
    </section>
  );
}
