import { useParams } from "react-router";
import { useTranslation } from "react-i18next";
import { useQuery } from "@tanstack/react-query";
import { getPublicSeminar } from "../api/endpoints";
import { ErrorMessage, Loading } from "../components/Feedback";
import { PublicLayout } from "../components/Layout";
import { StatusBadge } from "../components/StatusBadge";
import { DEFAULT_TZ, formatDateTime, formatTime } from "../lib/format";

export function PublicSeminarPage() {
  const { slug = "" } = useParams();
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ["public", slug], queryFn: () => getPublicSeminar(slug) });
  let body: React.ReactNode;
  if (q.isPending) body = <Loading />;
  else if (q.error) body = <ErrorMessage error={q.error} onRetry={() => q.refetch()} />;
  else {
    const s = q.data;
    const tz = s.timezone ?? DEFAULT_TZ;
    body = (
      <article className="card" data-testid="public-seminar">
        <h1>{s.title}</h1>
        {s.status && <StatusBadge status={s.status} />}
        <dl className="details">
          <dt>{t("seminar.starts_at")}</dt>
          <dd>{formatDateTime(s.starts_at, tz) || "—"}</dd>
          <dt>{t("seminar.venue")}</dt>
          <dd>{s.venue || "—"}</dd>
          <dt>{t("seminar.organizer_unit")}</dt>
          <dd>{s.organizer_unit || "—"}</dd>
        </dl>
        {s.description && <p className="prewrap">{s.description}</p>}
        {s.agenda && s.agenda.length > 0 && (
          <section>
            <h2>{t("agenda.heading")}</h2>
            <ol className="simple-agenda">
              {[...s.agenda]
                .sort((a, b) => a.position - b.position)
                .map((it) => (
                  <li key={it.id}>
                    <span className="muted">{formatTime(it.planned_start, tz)}</span> {it.title}
                    {it.speaker_name ? <span className="muted"> — {it.speaker_name}</span> : null}
                  </li>
                ))}
            </ol>
          </section>
        )}
      </article>
    );
  }
  return <PublicLayout>{body}</PublicLayout>;
}
