import { lazy, Suspense, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "@tanstack/react-query";
import { api, apiUrl, fileRef, type FileRef } from "../../api/http";
import { queryKeys } from "../../api/queryKeys";
import type { ReportAgendaLine, ReportLevel, ReportSiteLine, Seminar, SeminarReport } from "../../api/types";
import { DataTable, type Column, type SortState } from "../../components/DataTable";
import { EmptyState, ErrorMessage, Loading, Notice } from "../../components/Feedback";
import { PollBars } from "../../components/PollBars";
import { StatusBadge } from "../../components/StatusBadge";
import { copyText } from "../../lib/clipboard";
import { formatDateTime, formatNumber, formatPercent, formatTime } from "../../lib/format";
import { attendanceRatio, durationParts, sortSiteLines, timelineChartData, type ChartPoint, type SiteSort } from "../../lib/report";
import { useDownload } from "../../lib/useDownload";

// recharts is the heaviest dependency of the console: its own chunk, loaded with this tab only.
const TimelineChart = lazy(() => import("./ReportCharts").then((m) => ({ default: m.TimelineChart })));
const LevelChart = lazy(() => import("./ReportCharts").then((m) => ({ default: m.LevelChart })));

const SITE_PAGE = 100;
const DASH = "—";
const n = (v: number | null | undefined) => (v == null ? DASH : formatNumber(v));

function Stat({ value, label, sub, testId }: { value: string; label: string; sub?: string; testId?: string }) {
  return (
    <div className="stat" data-testid={testId}>
      <span className="stat-value">{value}</span>
      <span className="stat-label">{label}</span>
      {sub ? <span className="stat-sub">{sub}</span> : null}
    </div>
  );
}

function KeyFigures({ report }: { report: SeminarReport }) {
  const { t } = useTranslation();
  const tz = report.seminar.timezone;
  const { sites, attendance: a, papers } = report;
  const ratio = attendanceRatio(a.peak_headcount, a.expected);
  return (
    <div className="report-figures">
      <section aria-labelledby="report-sites-h">
        <h3 id="report-sites-h">{t("report.sitesHeading")}</h3>
        <div className="stats">
          <Stat value={n(sites.invited)} label={t("report.sitesInvited")} testId="fig-sites-invited" />
          <Stat value={n(sites.registered)} label={t("report.sitesRegistered")} testId="fig-sites-registered" />
          <Stat value={n(sites.connected)} label={t("report.sitesConnected")} testId="fig-sites-connected" />
          <Stat value={n(sites.never_connected)} label={t("report.sitesNeverConnected")} testId="fig-sites-never" />
          <Stat value={n(sites.declined)} label={t("report.sitesDeclined")} />
        </div>
      </section>
      <section aria-labelledby="report-people-h">
        <h3 id="report-people-h">{t("report.peopleHeading")}</h3>
        <div className="stats">
          <Stat
            value={n(a.peak_headcount)}
            label={t("report.peak")}
            sub={a.peak_at ? t("report.peakAt", { time: formatDateTime(a.peak_at, tz) }) : undefined}
            testId="fig-peak"
          />
          <Stat value={n(a.start_headcount)} label={t("report.startHeadcount")} />
          <Stat value={n(a.end_headcount)} label={t("report.endHeadcount")} />
          <Stat
            value={ratio == null ? DASH : formatPercent(ratio)}
            label={t("report.vsExpected")}
            sub={a.expected != null ? t("report.peakOfExpected", { peak: formatNumber(a.peak_headcount), expected: formatNumber(a.expected) }) : t("report.noExpected")}
            testId="fig-vs-expected"
          />
        </div>
      </section>
      <section aria-labelledby="report-papers-h">
        <h3 id="report-papers-h">{t("report.papersHeading")}</h3>
        <div className="stats">
          <Stat value={n(papers.received)} label={t("report.papersReceived")} testId="fig-papers-received" />
          <Stat value={n(papers.selected_live)} label={t("report.papersSelectedLive")} />
          <Stat value={n(papers.accepted_written)} label={t("report.papersWritten")} />
          <Stat value={n(papers.presented)} label={t("report.papersPresented")} testId="fig-papers-presented" />
        </div>
      </section>
    </div>
  );
}

function Summary({ text }: { text: string }) {
  const { t } = useTranslation();
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  return (
    <section className="card report-summary-card" aria-labelledby="report-summary-h">
      <div className="section-head">
        <h3 id="report-summary-h">{t("report.summaryHeading")}</h3>
        <button
          type="button"
          className="btn btn-small"
          onClick={async () => setState((await copyText(text)) ? "copied" : "failed")}
          data-testid="copy-summary"
        >
          {t("report.copy")}
        </button>
      </div>
      <p className="prewrap report-summary" data-testid="report-summary">
        {text}
      </p>
      <p className="small muted" role="status" aria-live="polite">
        {state === "copied" ? t("report.copied") : state === "failed" ? t("report.copyFailed") : ""}
      </p>
    </section>
  );
}

/** The satisfaction survey: the sentence the press report quotes and the five answers. */
function SurveySection({ survey }: { survey: NonNullable<SeminarReport["survey"]> }) {
  const { t } = useTranslation();
  const options = survey.distribution.map((o, i) => ({ id: i + 1, label: o.label, count: o.count, percent_vi: o.percent_vi }));
  return (
    <section className="card" aria-labelledby="report-survey-h" data-testid="report-survey">
      <h3 id="report-survey-h">{t("report.surveyHeading")}</h3>
      <p className="muted small">{survey.question}</p>
      <p>
        <strong data-testid="report-survey-sentence">{survey.sentence_vi}</strong>
      </p>
      <PollBars options={options} responses={survey.responses} size="small" testId="report-survey-bars" />
    </section>
  );
}

/** The report's files, typed from their paths (staff-only, fetched with the token). */
function reportExports(seminarId: number): { file: string; ref: FileRef; label: string }[] {
  const ids = { seminar_id: seminarId };
  return [
    { file: "report.html", ref: fileRef("/api/v1/seminars/{seminar_id}/report.html", ids), label: "report.export_report" },
    { file: "minutes.docx", ref: fileRef("/api/v1/seminars/{seminar_id}/minutes.docx", ids), label: "report.export_minutes" },
    { file: "attendance.csv", ref: fileRef("/api/v1/seminars/{seminar_id}/exports/attendance.csv", ids), label: "report.export_attendanceCsv" },
    { file: "attendance.xlsx", ref: fileRef("/api/v1/seminars/{seminar_id}/exports/attendance.xlsx", ids), label: "report.export_attendanceXlsx" },
    { file: "papers.xlsx", ref: fileRef("/api/v1/seminars/{seminar_id}/exports/papers.xlsx", ids), label: "report.export_papersXlsx" },
    { file: "polls.xlsx", ref: fileRef("/api/v1/seminars/{seminar_id}/exports/polls.xlsx", ids), label: "report.export_pollsXlsx" },
    { file: "proceedings.zip", ref: fileRef("/api/v1/seminars/{seminar_id}/exports/proceedings.zip", ids), label: "report.export_proceedings" },
    { file: "calendar.ics", ref: fileRef("/api/v1/seminars/{seminar_id}/calendar.ics", ids), label: "report.export_calendar" },
  ];
}

function Exports({ seminar }: { seminar: Seminar }) {
  const { t } = useTranslation();
  const dl = useDownload();
  const calendarUrl = apiUrl("/api/v1/seminars/{seminar_id}/calendar.ics", { seminar_id: seminar.id });
  return (
    <section className="card" aria-labelledby="report-exports-h">
      <h3 id="report-exports-h">{t("report.exportsHeading")}</h3>
      <div className="btn-row" role="group" aria-labelledby="report-exports-h">
        {reportExports(seminar.id).map(({ file, ref, label }) => {
          const fallback = `${seminar.slug}-${file}`;
          const busy = dl.pending === ref.url;
          return (
            <button
              key={file}
              type="button"
              className={`btn btn-small${file === "report.html" ? " btn-primary" : ""}`}
              disabled={busy}
              aria-busy={busy}
              data-testid={`report-export-${file}`}
              onClick={() => void (file === "report.html" ? dl.open(ref, fallback) : dl.download(ref, fallback))}
            >
              {busy ? t("paper.downloading") : t(label)}
            </button>
          );
        })}
      </div>
      <p className="small muted">
        {t("report.calendarLinkHint")} <a href={calendarUrl}>{calendarUrl}</a>
      </p>
      {dl.error ? <ErrorMessage error={dl.error} /> : null}
    </section>
  );
}

function TimelineSection({ seminar }: { seminar: Seminar }) {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: queryKeys.seminar.timeline(seminar.id, 300),
    queryFn: () =>
      api.GET("/api/v1/seminars/{seminar_id}/attendance/timeline", { params: { path: { seminar_id: seminar.id }, query: { resolution: 300 } } }),
    refetchInterval: seminar.status === "live" ? 60_000 : false,
  });
  const data = useMemo(() => timelineChartData(q.data?.points), [q.data]);
  const tz = seminar.timezone;
  const minutes = Math.round((q.data?.resolution_s ?? 300) / 60);
  const timelineColumns: Column<ChartPoint>[] = [
    { key: "t", header: t("report.col_time"), render: (p) => formatDateTime(p.t, tz) },
    { key: "headcount", header: t("report.seriesHeadcount"), numeric: true, render: (p) => formatNumber(p.headcount) },
    { key: "peak", header: t("report.seriesPeak"), numeric: true, render: (p) => formatNumber(p.peak) },
  ];
  return (
    <section className="card" aria-labelledby="report-timeline-h">
      <h3 id="report-timeline-h">{t("report.timelineHeading")}</h3>
      {q.isPending ? (
        <Loading />
      ) : q.error ? (
        <ErrorMessage error={q.error} onRetry={() => q.refetch()} />
      ) : data.length === 0 ? (
        <EmptyState>{t("report.noTimeline")}</EmptyState>
      ) : (
        <>
          <figure className="chart" role="img" aria-label={t("report.chartTimeline")} data-testid="timeline-chart">
            <Suspense fallback={<Loading />}>
              <TimelineChart data={data} timeZone={tz} />
            </Suspense>
          </figure>
          <p className="small muted">{t("report.timelineNote", { minutes })}</p>
          <details className="chart-data">
            <summary>{t("report.showAsTable")}</summary>
            <DataTable
              columns={timelineColumns}
              rows={data}
              rowKey={(p) => p.t}
              caption={<span className="sr-only">{t("report.timelineHeading")}</span>}
            />
          </details>
        </>
      )}
    </section>
  );
}

function LevelsSection({ report }: { report: SeminarReport }) {
  const { t } = useTranslation();
  const levels = report.levels;
  const levelColumns: Column<ReportLevel>[] = [
    {
      key: "level",
      header: t("report.col_level"),
      render: (l) => (
        <>
          {t(`level.${l.level}`)}
          {l.includes_main && <span className="muted small"> {t("report.includesMain")}</span>}
        </>
      ),
    },
    { key: "sites", header: t("report.sitesInvited"), numeric: true, render: (l) => n(l.sites) },
    { key: "registered", header: t("report.sitesRegistered"), numeric: true, render: (l) => n(l.registered) },
    { key: "connected", header: t("report.sitesConnected"), numeric: true, render: (l) => n(l.connected) },
    { key: "never", header: t("report.sitesNeverConnected"), numeric: true, render: (l) => n(l.never_connected) },
    { key: "expected", header: t("report.col_expected"), numeric: true, render: (l) => n(l.expected) },
    { key: "peak", header: t("report.col_peak"), numeric: true, render: (l) => n(l.peak_headcount) },
  ];
  return (
    <section className="card" aria-labelledby="report-levels-h">
      <h3 id="report-levels-h">{t("report.levelsHeading")}</h3>
      {levels.length === 0 ? (
        <EmptyState>{t("report.noLevels")}</EmptyState>
      ) : (
        <>
          <figure className="chart" role="img" aria-label={t("report.chartLevels")} data-testid="levels-chart">
            <Suspense fallback={<Loading />}>
              <LevelChart levels={levels} />
            </Suspense>
          </figure>
          <DataTable testId="levels-table" columns={levelColumns} rows={levels} rowKey={(l) => l.level} />
        </>
      )}
    </section>
  );
}

function lastCell(l: ReportSiteLine, tz: string): string {
  if (l.last_report_at == null && l.last_headcount === 0) return DASH;
  const at = formatTime(l.last_report_at, tz);
  return at ? `${formatNumber(l.last_headcount)} (${at})` : formatNumber(l.last_headcount);
}

/** The report's own order (ties by name, then id; missing values last), as the table's client sort. */
const sortLines = (lines: readonly ReportSiteLine[], sort: SortState) => sortSiteLines(lines, sort as SiteSort | null);

function SitesSection({ report }: { report: SeminarReport }) {
  const { t } = useTranslation();
  const tz = report.seminar.timezone;
  const columns: Column<ReportSiteLine>[] = [
    {
      key: "name",
      header: t("report.col_site"),
      sortable: true,
      render: (l) => (
        <>
          <span className="site-name">{l.name}</span> {l.is_main && <span className="badge badge-main">{t("sitesTab.main")}</span>}
          <span className="muted small"> {l.code}</span>
        </>
      ),
    },
    { key: "level", header: t("report.col_level"), render: (l) => t(`level.${l.level}`) },
    { key: "status", header: t("report.col_status"), sortable: true, render: (l) => <StatusBadge status={l.status} kind="site" /> },
    {
      key: "checked_in_at",
      header: t("report.col_checkedIn"),
      sortable: true,
      render: (l) => (l.checked_in_at ? <time dateTime={l.checked_in_at} title={formatDateTime(l.checked_in_at, tz)}>{formatTime(l.checked_in_at, tz)}</time> : DASH),
    },
    { key: "expected", header: t("report.col_expected"), sortable: true, firstDir: "desc", numeric: true, render: (l) => n(l.expected) },
    { key: "peak", header: t("report.col_peak"), sortable: true, firstDir: "desc", numeric: true, render: (l) => formatNumber(l.peak_headcount) },
    { key: "last", header: t("report.col_last"), sortable: true, firstDir: "desc", numeric: true, render: (l) => lastCell(l, tz) },
  ];
  return (
    <section className="card" aria-labelledby="report-sites-table-h">
      <h3 id="report-sites-table-h">{t("report.sitesTableHeading", { n: formatNumber(report.per_site.length) })}</h3>
      <DataTable
        testId="report-sites-table"
        className="report-sites"
        columns={columns}
        rows={report.per_site}
        rowKey={(l) => l.site_id}
        rowProps={(l) => ({ "data-site-id": l.site_id })}
        sorter={sortLines}
        pageSize={SITE_PAGE}
        empty={t("report.noSites")}
      />
    </section>
  );
}

function span(a: string | null | undefined, b: string | null | undefined, tz: string): string {
  const from = formatTime(a, tz);
  const to = formatTime(b, tz);
  if (!from && !to) return DASH;
  return `${from || "…"} – ${to || "…"}`;
}

/** "45 phút", "1 giờ 15 phút", "2 ngày 3 giờ". */
function useDuration() {
  const { t } = useTranslation();
  return (minutes: number): string => {
    const p = durationParts(minutes);
    const parts: string[] = [];
    if (p.days) parts.push(t("report.days", { n: formatNumber(p.days) }));
    if (p.hours) parts.push(t("report.hours", { n: formatNumber(p.hours) }));
    if (p.minutes || parts.length === 0) parts.push(t("report.minutes", { n: formatNumber(p.minutes) }));
    return parts.join(" ");
  };
}

function Delay({ line }: { line: ReportAgendaLine }) {
  const { t } = useTranslation();
  const d = useDuration();
  if (!line.started_at || line.start_delay_minutes == null) return <>{DASH}</>;
  if (line.start_delay_minutes < 0) return <span className="ok-text">{t("report.early", { d: d(line.start_delay_minutes) })}</span>;
  if ((line.late_start_minutes ?? 0) > 0) return <span className="warn-text">{t("report.late", { d: d(line.late_start_minutes ?? 0) })}</span>;
  return <>{t("report.onTime")}</>;
}

function Overrun({ line }: { line: ReportAgendaLine }) {
  const { t } = useTranslation();
  const d = useDuration();
  if (!line.ended_at || line.overrun_minutes == null) return <>{DASH}</>;
  if (line.overrun_minutes > 0) return <span className="warn-text">{t("report.overrun", { d: d(line.overrun_minutes) })}</span>;
  return <>{t("report.inTime")}</>;
}

function AgendaSection({ report }: { report: SeminarReport }) {
  const { t } = useTranslation();
  const d = useDuration();
  const tz = report.seminar.timezone;
  const columns: Column<ReportAgendaLine>[] = [
    {
      key: "item",
      header: t("report.col_item"),
      render: (a) => (
        <>
          <span>{a.title}</span>
          {a.speaker_name && (
            <span className="muted small">
              {" — "}
              {a.speaker_name}
              {a.speaker_unit ? `, ${a.speaker_unit}` : ""}
            </span>
          )}
        </>
      ),
    },
    {
      key: "planned",
      header: t("report.col_planned"),
      render: (a) => (
        <>
          {span(a.planned_start, a.planned_end, tz)}
          {a.planned_minutes != null && <span className="muted small"> ({d(a.planned_minutes)})</span>}
        </>
      ),
    },
    {
      key: "actual",
      header: t("report.col_actual"),
      render: (a) => (
        <>
          {a.started_at ? span(a.started_at, a.ended_at, tz) : <span className="muted">{t("report.notHeld")}</span>}
          {a.actual_minutes != null && <span className="muted small"> ({d(a.actual_minutes)})</span>}
        </>
      ),
    },
    { key: "start", header: t("report.col_start"), render: (a) => <Delay line={a} /> },
    { key: "length", header: t("report.col_length"), render: (a) => <Overrun line={a} /> },
  ];
  return (
    <section className="card" aria-labelledby="report-agenda-h">
      <h3 id="report-agenda-h">{t("report.agendaHeading")}</h3>
      <DataTable testId="report-agenda-table" columns={columns} rows={report.agenda} rowKey={(a) => a.id} empty={t("report.noAgenda")} />
    </section>
  );
}

export function ReportTab({ seminar }: { seminar: Seminar }) {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: queryKeys.seminar.report(seminar.id),
    queryFn: () => api.GET("/api/v1/seminars/{seminar_id}/report", { params: { path: { seminar_id: seminar.id } } }),
    refetchInterval: seminar.status === "live" ? 60_000 : false,
  });
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorMessage error={q.error} onRetry={() => q.refetch()} />;
  const r = q.data;
  const tz = r.seminar.timezone;
  return (
    <div className="report" data-testid="report-tab">
      <div className="section-head">
        <p className="muted small">{t("report.generatedAt", { time: formatDateTime(r.generated_at, tz) })}</p>
        <button type="button" className="btn btn-small" onClick={() => void q.refetch()} disabled={q.isFetching}>
          {q.isFetching ? t("common.loading") : t("report.refresh")}
        </button>
      </div>
      {(seminar.status === "draft" || seminar.status === "published") && <Notice>{t("report.notStarted")}</Notice>}
      {seminar.status === "live" && <Notice kind="warning">{t("report.stillLive")}</Notice>}
      <KeyFigures report={r} />
      <Summary text={r.summary_vi} />
      {r.survey && <SurveySection survey={r.survey} />}
      <Exports seminar={seminar} />
      <TimelineSection seminar={seminar} />
      <LevelsSection report={r} />
      <SitesSection report={r} />
      <AgendaSection report={r} />
    </div>
  );
}
