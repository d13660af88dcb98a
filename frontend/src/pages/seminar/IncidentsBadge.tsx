/**
 * Shown on every tab of the seminar console: the number of open incidents (a link to the
 * incidents tab) and a short sound when a new one arrives on the staff view.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "../../api/http";
import { queryKeys } from "../../api/queryKeys";
import { staffEvents, useBusEvent } from "../../lib/eventBus";
import { incidentOf, playIncidentSound } from "../../lib/incidents";
import { formatNumber } from "../../lib/format";

export function IncidentsBadge({ seminarId, onOpen }: { seminarId: number; onOpen: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const query = { status: "open" as const, limit: 1 };
  const open = useQuery({
    queryKey: queryKeys.seminar.incidents(seminarId, query),
    queryFn: () =>
      api.GET("/api/v1/seminars/{seminar_id}/incidents", { params: { path: { seminar_id: seminarId }, query } }),
  });
  useBusEvent(staffEvents, "incident", (message) => {
    const incident = incidentOf(message);
    if (!incident) return;
    // A repeated report is not published: an open incident on the wire is a new one.
    if (incident.status === "open") playIncidentSound();
    void queryClient.invalidateQueries({ queryKey: queryKeys.seminar.incidents(seminarId) });
  });
  const count = open.data?.total ?? 0;
  return (
    <button
      type="button"
      className={`btn incidents-badge${count > 0 ? " has-open" : ""}`}
      onClick={onOpen}
      data-testid="incidents-badge"
      data-count={count}
      aria-label={t("incidentsConsole.badgeLabel", { count })}
    >
      {t("incidentsConsole.badge")} <span className="badge-count">{formatNumber(count)}</span>
    </button>
  );
}
