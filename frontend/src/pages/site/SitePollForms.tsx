/**
 * The site page's open polls (loaded by SitePolls.tsx only when there is one): for a per-site poll the coordinator
 * enters how many people in the room chose each option (absolute counts, bounded by the headcount; sent
 * through the page's outbox, so a lost line queues them and the latest count wins); for an open per-person
 * poll a QR code and link so people in the room answer on their phones.
 */
import { lazy, Suspense, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "@tanstack/react-query";
import { publicApi, siteAuth, type ApiData } from "../../api/http";
import { queryKeys } from "../../api/queryKeys";
import { ErrorMessage } from "../../components/Feedback";
import { formatNumber, formatTime } from "../../lib/format";
import { tallyProblem } from "../../lib/polls";
import { useSiteQueue } from "../../lib/useSiteQueue";
import { SiteSendStatus } from "./SiteSendStatus";

// The QR library is loaded only when a per-person poll is open: the site page's first load stays small.
const PollQr = lazy(() => import("../../components/PollQr").then((m) => ({ default: m.PollQr })));

type SitePollList = ApiData<"/api/v1/site/polls", "get">;
type SitePoll = SitePollList["items"][number];

const TALLY_PATH = "/api/v1/site/polls/{poll_id}/tally" as const;

function TallyForm({ token, poll, headcount }: { token: string; poll: SitePoll; headcount: number | null }) {
  const { t } = useTranslation();
  const outbox = useSiteQueue(token);
  // What the phone queued last for this poll (not sent yet) is what the form shows, else the server's counts.
  const queued = [...outbox.pending].reverse().find((i) => i.path === TALLY_PATH && i.params?.poll_id === poll.id);
  const start = (queued?.body.counts as Record<string, number> | undefined) ?? poll.my_counts ?? {};
  const [values, setValues] = useState<string[]>(() => poll.options.map((o) => (start[String(o.id)] !== undefined ? String(start[String(o.id)]) : "")));
  const [lastSent, setLastSent] = useState<string | null>(null);
  const [invalid, setInvalid] = useState(false);
  const problem = tallyProblem(poll.kind, values, headcount);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (problem?.key === "tallyNotNumber") {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    const counts = Object.fromEntries(poll.options.map((o, i) => [String(o.id), values[i].trim() === "" ? 0 : Number(values[i])]));
    // Over the headcount known here: sent anyway, the server has the current one and says why it refuses.
    const { request_id } = outbox.send(TALLY_PATH, { counts, reported_at: new Date().toISOString() }, { poll_id: poll.id });
    setLastSent(request_id);
  };
  return (
    <form onSubmit={onSubmit} noValidate data-testid="site-poll-tally" data-poll-id={poll.id}>
      <p className="muted small">{t("polls.siteTallyHint")}</p>
      {poll.options.map((o, i) => (
        <label key={o.id} className="poll-tally-row">
          <span>{o.label}</span>
          <input
            type="number"
            min={0}
            inputMode="numeric"
            value={values[i]}
            data-testid="site-poll-count"
            data-option-id={o.id}
            onChange={(e) => {
              const v = e.target.value;
              setValues((cur) => cur.map((x, j) => (j === i ? v : x)));
            }}
          />
        </label>
      ))}
      {problem && (invalid || problem.key === "tallyOverHeadcount") && (
        <p className={problem.key === "tallyNotNumber" ? "field-error" : "muted small"} role={invalid ? "alert" : undefined} data-testid="site-poll-problem">
          {t(`polls.${problem.key}`, { n: formatNumber(problem.n ?? 0) })}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" data-testid="site-poll-send">
          {t("polls.tallySend")}
        </button>
      </div>
      <SiteSendStatus outbox={outbox} requestId={lastSent} />
    </form>
  );
}

export function SitePollForms({ token, headcount }: { token: string; headcount?: number | null }) {
  const { t } = useTranslation();
  const list = useQuery({
    queryKey: queryKeys.sitePolls(token),
    queryFn: () => publicApi.GET("/api/v1/site/polls", { headers: siteAuth(token) }),
  });
  const items = (list.data?.items ?? []).filter((p) => p.status === "open");
  if (list.error) return <ErrorMessage error={list.error} onRetry={() => list.refetch()} />;
  if (!items.length) return null;
  const bound = headcount ?? list.data?.headcount ?? null;
  return (
    <section className="card site-polls" aria-labelledby="site-polls-heading" data-testid="site-polls">
      <h2 id="site-polls-heading">{t("polls.siteHeading")}</h2>
      {bound !== null && <p className="muted small">{t("polls.siteHeadcount", { n: formatNumber(bound) })}</p>}
      {items.map((p) => (
        <article key={p.id} className="site-poll" data-testid="site-poll" data-poll-id={p.id} data-mode={p.mode}>
          <h3>{p.question}</h3>
          {p.closes_at && <p className="muted small">{t("polls.closesAt", { time: formatTime(p.closes_at) })}</p>}
          {p.mode === "per_site" ? (
            <TallyForm token={token} poll={p} headcount={bound} />
          ) : (
            <>
              <p className="muted small">{t("polls.siteQrHint")}</p>
              <Suspense fallback={null}>
                <PollQr token={p.token} size={180} testId="site-poll-qr" />
              </Suspense>
            </>
          )}
        </article>
      ))}
    </section>
  );
}
