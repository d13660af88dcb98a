/**
 * The site page's incident buttons ("Mất tiếng", "Mất hình", "Mất kết nối", "Khác" with a note)
 * and the state of each incident the site reported, kept live by the site's own `incident`
 * messages (the page's socket forwards them to `siteEvents`). Self-contained: token + site context.
 * Reports go through the page's outbox (src/lib/useSiteQueue.ts): on a lost line they wait on the
 * phone ("Đang chờ gửi") and leave, with their request_id, when the line returns.
 */
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { publicApi, siteAuth } from "../../api/http";
import { queryKeys } from "../../api/queryKeys";
import type { SiteContext } from "../../api/types";
import { ErrorMessage } from "../../components/Feedback";
import { useSiteQueue } from "../../lib/useSiteQueue";
import { SiteSendStatus } from "./SiteSendStatus";
import { Field } from "../../components/Field";
import { siteEvents, useBusEvent } from "../../lib/eventBus";
import { formatTime } from "../../lib/format";
import { INCIDENT_KINDS, incidentOf, upsertIncident, type Incident, type IncidentKind } from "../../lib/incidents";

const SHOWN_RESOLVED = 3;

export function SiteIncidents({ token, ctx }: { token: string; ctx: SiteContext }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const tz = ctx.seminar.timezone;
  const key = queryKeys.siteIncidents(token);
  const [writing, setWriting] = useState(false);
  const [note, setNote] = useState("");
  const outbox = useSiteQueue(token);
  const [lastSent, setLastSent] = useState<string | null>(null);
  const list = useQuery({
    queryKey: key,
    queryFn: () => publicApi.GET("/api/v1/site/incidents", { headers: siteAuth(token) }),
  });
  const put = (incident: Incident) =>
    queryClient.setQueryData(key, (old: { items: Incident[]; total: number } | undefined) => {
      const items = upsertIncident(old?.items ?? [], incident);
      return { items, total: items.length };
    });
  useBusEvent(siteEvents, "incident", (message) => {
    const incident = incidentOf(message);
    if (incident) put(incident);
  });
  const report = (kind: IncidentKind, text?: string) => {
    const { request_id, settled } = outbox.send("/api/v1/site/incidents", { kind, note: text || null });
    setLastSent(request_id);
    void settled.then((outcome) => {
      if (outcome.status === "sent") put(outcome.answer as Incident);
    });
  };
  const send = (kind: IncidentKind) => {
    if (kind === "other") {
      setWriting(true);
      return;
    }
    report(kind);
  };
  const onOther = (e: FormEvent) => {
    e.preventDefault();
    if (!note.trim()) return;
    report("other", note.trim());
    setWriting(false);
    setNote("");
  };
  const items = list.data?.items ?? [];
  const active = items.filter((i) => i.status !== "resolved");
  const resolved = items.filter((i) => i.status === "resolved").slice(0, SHOWN_RESOLVED);
  return (
    <section className="card site-incidents" aria-labelledby="site-incidents-heading" data-testid="site-incidents">
      <h2 id="site-incidents-heading">{t("incidents.siteHeading")}</h2>
      <p className="muted">{t("incidents.siteHint")}</p>
      <div className="incident-buttons" role="group" aria-label={t("incidents.siteHeading")}>
        {INCIDENT_KINDS.map((kind) => (
          <button
            key={kind}
            type="button"
            className={`btn ${kind === "other" ? "" : "btn-danger-outline"}`}
            onClick={() => send(kind)}
            data-testid={`incident-${kind}`}
          >
            {t(`incidents.kind_${kind}`)}
          </button>
        ))}
      </div>
      {writing && (
        <form onSubmit={onOther} className="incident-other" data-testid="incident-other-form">
          <Field label={t("incidents.noteLabel")} required>
            {(p) => <textarea {...p} rows={2} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />}
          </Field>
          <div className="form-actions">
            <button type="button" className="btn" onClick={() => setWriting(false)}>
              {t("common.cancel")}
            </button>
            <button type="submit" className="btn btn-primary" disabled={!note.trim()} data-testid="incident-other-send">
              {t("incidents.send")}
            </button>
          </div>
        </form>
      )}
      <SiteSendStatus outbox={outbox} requestId={lastSent} />
      {list.error ? <ErrorMessage error={list.error} onRetry={() => list.refetch()} /> : null}
      {(active.length > 0 || resolved.length > 0) && (
        <ul className="incident-list" aria-live="polite">
          {[...active, ...resolved].map((i) => (
            <li key={i.id} className={`incident-item is-${i.status}`} data-testid="site-incident" data-status={i.status}>
              <strong>{t(`incidents.kind_${i.kind}`)}</strong>
              {i.note ? ` – ${i.note}` : ""}
              <span className={`badge incident-status-${i.status}`} data-testid="site-incident-status">
                {t(`incidents.siteStatus_${i.status}`)}
              </span>
              <span className="muted incident-time">
                {i.status === "resolved"
                  ? t("incidents.resolvedAt", { time: formatTime(i.resolved_at, tz) })
                  : t("incidents.openedAt", { time: formatTime(i.opened_at, tz) })}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
