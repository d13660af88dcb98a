/**
 * The site page's incident buttons ("Mất tiếng", "Mất hình", "Mất kết nối", "Khác" with a note)
 * and the state of each incident the site reported, kept live by the site's own `incident`
 * messages (the page's socket forwards them to `siteEvents`). Self-contained: token + site context.
 */
import { useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { publicApi, siteAuth } from "../../api/http";
import { queryKeys } from "../../api/queryKeys";
import type { SiteContext } from "../../api/types";
import { ErrorMessage } from "../../components/Feedback";
import { Field } from "../../components/Field";
import { siteEvents, useBusEvent } from "../../lib/eventBus";
import { formatTime } from "../../lib/format";
import { INCIDENT_KINDS, incidentOf, newRequestId, upsertIncident, type Incident, type IncidentKind } from "../../lib/incidents";

const SHOWN_RESOLVED = 3;

export function SiteIncidents({ token, ctx }: { token: string; ctx: SiteContext }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const tz = ctx.seminar.timezone;
  const key = queryKeys.siteIncidents(token);
  const [writing, setWriting] = useState(false);
  const [note, setNote] = useState("");
  // One request id per tap, kept until it is answered: a retry is the same report.
  const pending = useRef(new Map<IncidentKind, string>());
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
  const report = useMutation({
    mutationFn: ({ kind, text }: { kind: IncidentKind; text?: string }) => {
      const requestId = pending.current.get(kind) ?? newRequestId();
      pending.current.set(kind, requestId);
      return publicApi.POST("/api/v1/site/incidents", {
        body: { kind, note: text || null, request_id: requestId },
        headers: siteAuth(token),
      });
    },
    onSuccess: (incident, { kind }) => {
      pending.current.delete(kind);
      put(incident);
      if (kind === "other") {
        setWriting(false);
        setNote("");
      }
    },
  });
  const send = (kind: IncidentKind) => {
    if (kind === "other") {
      setWriting(true);
      return;
    }
    report.mutate({ kind });
  };
  const onOther = (e: FormEvent) => {
    e.preventDefault();
    if (note.trim()) report.mutate({ kind: "other", text: note.trim() });
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
            disabled={report.isPending}
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
            <button type="submit" className="btn btn-primary" disabled={!note.trim() || report.isPending} data-testid="incident-other-send">
              {t("incidents.send")}
            </button>
          </div>
        </form>
      )}
      {report.error ? <ErrorMessage error={report.error} /> : null}
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
