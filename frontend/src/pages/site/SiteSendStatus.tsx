import { useTranslation } from "react-i18next";
import type { SiteQueueView } from "../../lib/useSiteQueue";

/**
 * Where one queued send stands, for the panels of the site page: "Đang chờ gửi" (also while offline or
 * retrying), "Đã gửi", or the server's refusal (its message, in the UI's language).
 */
export function SiteSendStatus({ outbox, requestId }: { outbox: SiteQueueView; requestId: string | null | undefined }) {
  const { t } = useTranslation();
  if (!requestId) return null;
  const status = outbox.statusOf(requestId);
  if (status === "queued") {
    return (
      <p className="muted small" aria-live="polite" data-testid="send-status" data-status="queued">
        <span className="badge badge-invited">{t("siteQueue.queued")}</span>
        {outbox.retrying ? ` · ${t("siteQueue.willRetry")}` : outbox.sending ? ` · ${t("siteQueue.sending")}` : ""}
      </p>
    );
  }
  if (status === "sent") {
    return (
      <p className="small" aria-live="polite" data-testid="send-status" data-status="sent">
        <span className="badge badge-registered">{t("siteQueue.sent")}</span>
      </p>
    );
  }
  const outcome = outbox.outcomeOf(requestId);
  if (outcome?.status === "rejected") {
    return (
      <div className="alert alert-error" role="alert" data-testid="send-status" data-status="rejected">
        {t("siteQueue.rejected")}
        {outcome.error.message ? `: ${outcome.error.message}` : ""}
      </div>
    );
  }
  return null;
}
