/**
 * "Chưa điểm danh": the sites of the current level's subtree that have not checked in yet, a page at a
 * time from the server (GET /seminars/{id}/sites?under=…&never_connected=true), each with its
 * coordinator's phone as a `tel:` link, so that a province's staff phone their own sites.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "../../api/http";
import { qk } from "../../api/queryKeys";
import { EmptyState, ErrorMessage, Loading } from "../../components/Feedback";
import { Pager } from "../../components/Pager";
import { formatNumber } from "../../lib/format";

export const WAITING_PAGE = 20;

/** A `tel:` link to a coordinator (digits and + only in the href). */
export function TelLink({ phone, name, urgent }: { phone: string; name: string; urgent?: boolean }) {
  const { t } = useTranslation();
  return (
    <a href={`tel:${phone.replace(/[^\d+]/g, "")}`} className={urgent ? "tel-link tel-urgent" : "tel-link"} aria-label={t("live.call", { name, phone })}>
      {phone}
    </a>
  );
}

export function WaitingList({ seminarId, scope, scopeName }: { seminarId: number; scope: number | null; scopeName: string | null }) {
  const { t } = useTranslation();
  const [offset, setOffset] = useState(0);
  const query = { under: scope ?? undefined, never_connected: true, sort: "name", limit: WAITING_PAGE, offset } as const;
  const q = useQuery({
    queryKey: qk.seminarSites(seminarId, query),
    queryFn: () => api.GET("/api/v1/seminars/{seminar_id}/sites", { params: { path: { seminar_id: seminarId }, query } }),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });
  const items = q.data?.items ?? [];
  return (
    <section className="card live-waiting" aria-labelledby="live-waiting-heading" data-testid="waiting-list">
      <h3 id="live-waiting-heading">
        {scopeName ? t("live.waitingUnder", { name: scopeName }) : t("live.waitingHeading")}
        {q.data ? ` (${formatNumber(q.data.total)})` : ""}
      </h3>
      <p className="muted small">{t("live.waitingHint")}</p>
      {q.isPending && <Loading />}
      {q.error && <ErrorMessage error={q.error} onRetry={() => q.refetch()} />}
      {q.data && items.length === 0 && <EmptyState>{t("live.waitingNone")}</EmptyState>}
      {items.length > 0 && (
        <ul className="waiting-rows">
          {items.map((s) => (
            <li key={s.site_id} className="waiting-row" data-testid="waiting-row" data-site-id={s.site_id}>
              <span className="waiting-site">
                <strong>{s.name}</strong>
                <span className="muted small">
                  {s.code} · {t(`level.${s.level}`)} · {t(`status.site.${s.status}`)}
                </span>
              </span>
              <span className="waiting-contact">
                {s.coordinator_name && <span>{s.coordinator_name}</span>}
                {s.coordinator_phone ? <TelLink phone={s.coordinator_phone} name={s.coordinator_name || s.name} urgent /> : <span className="muted small">{t("live.noPhone")}</span>}
              </span>
            </li>
          ))}
        </ul>
      )}
      {q.data && <Pager total={q.data.total} limit={WAITING_PAGE} offset={offset} onChange={setOffset} />}
    </section>
  );
}
