import { lazy, Suspense, useState } from "react";
import { useStaffView } from "../lib/useStaffView";
import { Link, useParams, useSearchParams } from "react-router";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../api/http";
import { queryKeys } from "../api/queryKeys";
import type { Seminar, SeminarAction } from "../api/types";
import { ConfirmDialog } from "../components/Dialog";
import { ErrorMessage, Loading } from "../components/Feedback";
import { StatusBadge } from "../components/StatusBadge";
import { Tabs } from "../components/Tabs";
import { canDo, SEMINAR_ACTIONS } from "../lib/seminarState";
import { OverviewTab } from "./seminar/OverviewTab";
import { AgendaTab } from "./seminar/AgendaTab";
import { SitesTab } from "./seminar/SitesTab";
import { LiveTab } from "./seminar/LiveTab";
import { PapersTab } from "./seminar/PapersTab";
import { MembersTab } from "./seminar/MembersTab";
import { ReadinessTab } from "./seminar/ReadinessTab";
import { SpeakingTab } from "./seminar/SpeakingTab";
import { FollowupTab } from "./seminar/FollowupTab";
import { IncidentsTab } from "./seminar/IncidentsTab";
import { IncidentsBadge } from "./seminar/IncidentsBadge";
import { PollsTab } from "./seminar/PollsTab";

// The report tab brings the chart library: loaded only when opened.
const ReportTab = lazy(() => import("./seminar/ReportTab").then((m) => ({ default: m.ReportTab })));

const TABS = [
  "overview",
  "live",
  "readiness",
  "incidents",
  "speaking",
  "polls",
  "agenda",
  "sites",
  "papers",
  "report",
  "followup",
  "members",
] as const;
type TabId = (typeof TABS)[number];

function StateButtons({ seminar }: { seminar: Seminar }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [pending, setPending] = useState<SeminarAction | null>(null);
  const mutation = useMutation({
    mutationFn: (action: SeminarAction) => {
      const params = { path: { seminar_id: seminar.id } };
      switch (action) {
        case "publish":
          return api.POST("/api/v1/seminars/{seminar_id}/publish", { params });
        case "start":
          return api.POST("/api/v1/seminars/{seminar_id}/start", { params });
        case "end":
          return api.POST("/api/v1/seminars/{seminar_id}/end", { params });
        case "cancel":
          return api.POST("/api/v1/seminars/{seminar_id}/cancel", { params });
      }
    },
    onSuccess: (s) => {
      queryClient.setQueryData(queryKeys.seminar.detail(seminar.id), s);
      void queryClient.invalidateQueries({ queryKey: queryKeys.seminar.all(seminar.id) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.seminars.all() });
      setPending(null);
    },
  });
  return (
    <div className="state-buttons" role="group" aria-label={t("seminarActions.label")}>
      {SEMINAR_ACTIONS.map((a) => (
        <button
          key={a}
          type="button"
          className={`btn ${a === "cancel" ? "btn-danger-outline" : a === "publish" || a === "start" ? "btn-primary" : ""}`}
          disabled={!canDo(a, seminar.status)}
          data-testid={`action-${a}`}
          onClick={() => {
            mutation.reset();
            setPending(a);
          }}
        >
          {t(`seminarActions.${a}`)}
        </button>
      ))}
      <ConfirmDialog
        open={pending !== null}
        title={pending ? t(`seminarActions.${pending}`) : ""}
        message={pending ? t(`seminarActions.confirm_${pending}`, { title: seminar.title }) : ""}
        confirmLabel={pending ? t(`seminarActions.${pending}`) : ""}
        danger={pending === "cancel" || pending === "end"}
        busy={mutation.isPending}
        onConfirm={() => pending && mutation.mutate(pending)}
        onCancel={() => setPending(null)}
        error={mutation.error ? <ErrorMessage error={mutation.error} /> : null}
      />
    </div>
  );
}

export function SeminarDetailPage() {
  const { id } = useParams();
  const seminarId = Number(id);
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tabParam = params.get("tab");
  const tab: TabId = (TABS as readonly string[]).includes(tabParam ?? "") ? (tabParam as TabId) : "overview";
  const q = useQuery({
    queryKey: queryKeys.seminar.detail(seminarId),
    queryFn: () => api.GET("/api/v1/seminars/{seminar_id}", { params: { path: { seminar_id: seminarId } } }),
    enabled: Number.isFinite(seminarId),
  });
  // One staff socket for every tab: incidents, readiness and the speaking queue arrive live.
  useStaffView(Number.isFinite(seminarId) ? seminarId : null, !!q.data);

  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorMessage error={q.error} onRetry={() => q.refetch()} />;
  const s = q.data;

  return (
    <section>
      <nav className="breadcrumb" aria-label={t("nav.breadcrumb")}>
        <Link to="/">{t("nav.seminars")}</Link>
      </nav>
      <div className="page-head">
        <div>
          <h1 data-testid="seminar-title">{s.title}</h1>
          <StatusBadge status={s.status} />
        </div>
        <div className="page-head-actions">
          <Link to={`/seminars/${s.id}/edit`} className="btn" data-testid="edit-seminar">
            {t("common.edit")}
          </Link>
          <StateButtons seminar={s} />
          <IncidentsBadge seminarId={s.id} onOpen={() => setParams({ tab: "incidents" }, { replace: true })} />
        </div>
      </div>
      <Tabs
        label={t("seminarDetail.tabs")}
        tabs={TABS.map((id) => ({ id, label: t(`seminarDetail.tab_${id}`) }))}
        current={tab}
        onChange={(id) => setParams(id === "overview" ? {} : { tab: id }, { replace: true })}
      />
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="tabpanel">
        {tab === "overview" && <OverviewTab seminar={s} />}
        {tab === "agenda" && <AgendaTab seminar={s} />}
        {tab === "sites" && <SitesTab seminar={s} />}
        {tab === "live" && <LiveTab seminar={s} />}
        {tab === "readiness" && <ReadinessTab seminar={s} />}
        {tab === "papers" && <PapersTab seminar={s} />}
        {tab === "members" && <MembersTab seminar={s} />}
        {tab === "speaking" && <SpeakingTab seminar={s} />}
        {tab === "incidents" && <IncidentsTab seminar={s} />}
        {tab === "followup" && <FollowupTab seminar={s} />}
        {tab === "polls" && <PollsTab seminar={s} />}
        {tab === "report" && (
          <Suspense fallback={<Loading />}>
            <ReportTab seminar={s} />
          </Suspense>
        )}
      </div>
    </section>
  );
}
