import { lazy, Suspense, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "@tanstack/react-query";
import { calendarUrl, getAttendanceTimeline, getReport, reportFilePath, type ReportFile } from "../../api/endpoints";
import type { ReportAgendaLine, ReportSiteLine, Seminar, SeminarReport } from "../../api/types";
import { EmptyState, ErrorMessage, Loading, Notice } from "../../components/Feedback";
import { Pager } from "../../components/Pager";
import { StatusBadge } from "../../components/StatusBadge";
import { copyText } from "../../lib/clipboard";
import { formatDateTime, formatNumber, formatPercent, formatTime } from "../../lib/format";
import { attendanceRatio, durationParts, nextSort, sortSiteLines, timelineChartData, type SiteSort, type SiteSortKey } from "../../lib/report";
import { useDownload } from "../../lib/useDownload";

// recharts is the heaviest dependency of the console: its own chunk, loaded with this tab only.
const TimelineChart = lazy(() => import("./ReportCharts").then((m) => ({ default: m.TimelineChart })));
const LevelChart = lazy(() => import("./ReportCharts").then((m) => ({ default: m.LevelChart })));

const SITE_PAGE = 100;
const DASH = "—";
const n = (v: number | null | undefined) => (v == null ? DASH : formatNumber(v));

export const reportKey = (seminarId: number) => ["seminar", seminarId, "report"];

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

const EXPORTS: { file: ReportFile; label: string }[] = [
  { file: "report.html", label: "report.export_report" },
  { file: "minutes.docx", label: "report.export_minutes" },
  { file: "exports/attendance.csv", label: "report.export_attendanceCsv" },
  { file: "exports/attendance.xlsx", label: "report.export_attendanceXlsx" },
  { file: "exports/papers.xlsx", label: "report.export_papersXlsx" },
  { file: "exports/proceedings.zip", label: "report.export_proceedings" },
  { file: "calendar.ics", label: "report.export_calendar" },
];

function Exports({ seminar }: { seminar: Seminar }) {
  const { t } = useTranslation();
  const dl = useDownload();
  return (
    <section className="card" aria-labelledby="report-exports-h">
      <h3 id="report-exports-h">{t("report.exportsHeading")}</h3>
      <div className="btn-row" role="group" aria-labelledby="report-exports-h">
        {EXPORTS.map(({ file, label }) => {
          const path = reportFilePath(seminar.id, file);
          const fallback = `${seminar.slug}-${file.replace(/^exports\//, "")}`;
          const busy = dl.pending === path;
          return (
            <button
              key={file}
              type="button"
              className={`btn btn-small${file === "report.html" ? " btn-primary" : ""}`}
              disabled={busy}
              aria-busy={busy}
              data-testid={`report-export-${file.replace(/^exports\//, "")}`}
              onClick={() => void (file === "report.html" ? dl.open(path, fallback) : dl.download(path, fallback))}
            >
              {busy ? t("paper.downloading") : t(label)}
            </button>
          );
        })}
      </div>
      <p className="small muted">
        {t("report.calendarLinkHint")} <a href={calendarUrl(seminar.id)}>{calendarUrl(seminar.id)}</a>
      </p>
      {dl.error ? <ErrorMessage error={dl.error} /> : null}
    </section>
  );
}

function TimelineSection({ seminar }: { seminar: Seminar }) {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: ["seminar", seminar.id, "timeline", 300],
    queryFn: () => getAttendanceTimeline(seminar.id, 300),
    refetchInterval: seminar.status === "live" ? 60_000 : false,
  });
  const data = useMemo(() => timelineChartData(q.data?.points), [q.data]);
  const tz = seminar.timezone;
  const minutes = Math.round((q.data?.resolution_s ?? 300) / 60);
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
            <div className="table-wrap">
              <table className="table">
                <caption className="sr-only">{t("report.timelineHeading")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("report.col_time")}</th>
                    <th scope="col" className="num">{t("report.seriesHeadcount")}</th>
                    <th scope="col" className="num">{t("report.seriesPeak")}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.map((p) => (
                    <tr key={p.t}>
                      <td>{formatDateTime(p.t, tz)}</td>
                      <td className="num">{formatNumber(p.headcount)}</td>
                      <td className="num">{formatNumber(p.peak)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </>
      )}
    </section>
  );
}

function LevelsSection({ report }: { report: SeminarReport }) {
  const { t } = useTranslation();
  const levels = report.levels;
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
          <div className="table-wrap">
            <table className="table" data-testid="levels-table">
              <thead>
                <tr>
                  <th scope="col">{t("report.col_level")}</th>
                  <th scope="col" className="num">{t("report.sitesInvited")}</th>
                  <th scope="col" className="num">{t("report.sitesRegistered")}</th>
                  <th scope="col" className="num">{t("report.sitesConnected")}</th>
                  <th scope="col" className="num">{t("report.sitesNeverConnected")}</th>
                  <th scope="col" className="num">{t("report.col_expected")}</th>
                  <th scope="col" className="num">{t("report.col_peak")}</th>
                </tr>
              </thead>
              <tbody>
                {levels.map((l) => (
                  <tr key={l.level}>
                    <th scope="row">
                      {t(`level.${l.level}`)}
                      {l.includes_main && <span className="muted small"> {t("report.includesMain")}</span>}
                    </th>
                    <td className="num" data-label={t("report.sitesInvited")}>{n(l.sites)}</td>
                    <td className="num" data-label={t("report.sitesRegistered")}>{n(l.registered)}</td>
                    <td className="num" data-label={t("report.sitesConnected")}>{n(l.connected)}</td>
                    <td className="num" data-label={t("report.sitesNeverConnected")}>{n(l.never_connected)}</td>
                    <td className="num" data-label={t("report.col_expected")}>{n(l.expected)}</td>
                    <td className="num" data-label={t("report.col_peak")}>{n(l.peak_headcount)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

function SortHeader({ k, label, sort, onSort, num }: { k: SiteSortKey; label: string; sort: SiteSort | null; onSort: (k: SiteSortKey) => void; num?: boolean }) {
  const { t } = useTranslation();
  const active = sort?.key === k;
  const ariaSort = active ? (sort.dir === "asc" ? "ascending" : "descending") : "none";
  return (
    <th scope="col" aria-sort={ariaSort} className={num ? "num" : undefined}>
      <button type="button" className="sort-button" onClick={() => onSort(k)} data-testid={`sort-${k}`}>
        {label}
        <span aria-hidden="true" className="sort-mark">
          {active ? (sort.dir === "asc" ? " ▲" : " ▼") : " ↕"}
        </span>
        <span className="sr-only">{t("report.sortHint")}</span>
      </button>
    </th>
  );
}

function lastCell(l: ReportSiteLine, tz: string): string {
  if (l.last_report_at == null && l.last_headcount === 0) return DASH;
  const at = formatTime(l.last_report_at, tz);
  return at ? `${formatNumber(l.last_headcount)} (${at})` : formatNumber(l.last_headcount);
}

function SitesSection({ report }: { report: SeminarReport }) {
  const { t } = useTranslation();
  const tz = report.seminar.timezone;
  const [sort, setSort] = useState<SiteSort | null>(null);
  const [offset, setOffset] = useState(0);
  const sorted = useMemo(() => sortSiteLines(report.per_site, sort), [report.per_site, sort]);
  const rows = sorted.slice(offset, offset + SITE_PAGE);
  const onSort = (k: SiteSortKey) => {
    setSort((s) => nextSort(s, k));
    setOffset(0);
  };
  return (
    <section className="card" aria-labelledby="report-sites-table-h">
      <h3 id="report-sites-table-h">{t("report.sitesTableHeading", { n: formatNumber(report.per_site.length) })}</h3>
      {sorted.length === 0 ? (
        <EmptyState>{t("report.noSites")}</EmptyState>
      ) : (
        <>
          <div className="table-wrap">
            <table className="table report-sites" data-testid="report-sites-table">
              <thead>
                <tr>
                  <SortHeader k="name" label={t("report.col_site")} sort={sort} onSort={onSort} />
                  <th scope="col">{t("report.col_level")}</th>
                  <SortHeader k="status" label={t("report.col_status")} sort={sort} onSort={onSort} />
                  <SortHeader k="checked_in_at" label={t("report.col_checkedIn")} sort={sort} onSort={onSort} />
                  <SortHeader k="expected" label={t("report.col_expected")} sort={sort} onSort={onSort} num />
                  <SortHeader k="peak" label={t("report.col_peak")} sort={sort} onSort={onSort} num />
                  <SortHeader k="last" label={t("report.col_last")} sort={sort} onSort={onSort} num />
                </tr>
              </thead>
              <tbody>
                {rows.map((l) => (
                  <tr key={l.site_id} data-site-id={l.site_id}>
                    <td data-label={t("report.col_site")}>
                      <span className="site-name">{l.name}</span> {l.is_main && <span className="badge badge-main">{t("sitesTab.main")}</span>}
                      <span className="muted small"> {l.code}</span>
                    </td>
                    <td data-label={t("report.col_level")}>{t(`level.${l.level}`)}</td>
                    <td data-label={t("report.col_status")}>
                      <StatusBadge status={l.status} kind="site" />
                    </td>
                    <td data-label={t("report.col_checkedIn")}>
                      {l.checked_in_at ? <time dateTime={l.checked_in_at} title={formatDateTime(l.checked_in_at, tz)}>{formatTime(l.checked_in_at, tz)}</time> : DASH}
                    </td>
                    <td className="num" data-label={t("report.col_expected")}>{n(l.expected)}</td>
                    <td className="num" data-label={t("report.col_peak")}>{formatNumber(l.peak_headcount)}</td>
                    <td className="num" data-label={t("report.col_last")}>{lastCell(l, tz)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager total={sorted.length} limit={SITE_PAGE} offset={offset} onChange={setOffset} />
        </>
      )}
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
  return (
    <section className="card" aria-labelledby="report-agenda-h">
      <h3 id="report-agenda-h">{t("report.agendaHeading")}</h3>
      {report.agenda.length === 0 ? (
        <EmptyState>{t("report.noAgenda")}</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="report-agenda-table">
            <thead>
              <tr>
                <th scope="col">{t("report.col_item")}</th>
                <th scope="col">{t("report.col_planned")}</th>
                <th scope="col">{t("report.col_actual")}</th>
                <th scope="col">{t("report.col_start")}</th>
                <th scope="col">{t("report.col_length")}</th>
              </tr>
            </thead>
            <tbody>
              {report.agenda.map((a) => (
                <tr key={a.id}>
                  <td data-label={t("report.col_item")}>
                    <span>{a.title}</span>
                    {a.speaker_name && (
                      <span className="muted small">
                        {" — "}
                        {a.speaker_name}
                        {a.speaker_unit ? `, ${a.speaker_unit}` : ""}
                      </span>
                    )}
                  </td>
                  <td data-label={t("report.col_planned")}>
                    {span(a.planned_start, a.planned_end, tz)}
                    {a.planned_minutes != null && <span className="muted small"> ({d(a.planned_minutes)})</span>}
                  </td>
                  <td data-label={t("report.col_actual")}>
                    {a.started_at ? span(a.started_at, a.ended_at, tz) : <span className="muted">{t("report.notHeld")}</span>}
                    {a.actual_minutes != null && <span className="muted small"> ({d(a.actual_minutes)})</span>}
                  </td>
                  <td data-label={t("report.col_start")}>
                    <Delay line={a} />
                  </td>
                  <td data-label={t("report.col_length")}>
                    <Overrun line={a} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function ReportTab({ seminar }: { seminar: Seminar }) {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: reportKey(seminar.id),
    queryFn: () => getReport(seminar.id),
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
      <Exports seminar={seminar} />
      <TimelineSection seminar={seminar} />
      <LevelsSection report={r} />
      <SitesSection report={r} />
      <AgendaSection report={r} />
    </div>
  );
}
