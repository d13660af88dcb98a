/**
 * Pure helpers for the report tab: site table sorting, chart data, ratios.
 * Names sort the Vietnamese way (compareVi); missing values always go last, whatever the direction.
 */
import type { ReportSiteLine, SeminarSiteStatus, TimelinePoint } from "../api/types";
import { compareVi } from "./format";

export type SiteSortKey = "name" | "status" | "checked_in_at" | "expected" | "peak" | "last";
export const SITE_SORT_KEYS: SiteSortKey[] = ["name", "status", "checked_in_at", "expected", "peak", "last"];
export type SortDir = "asc" | "desc";
export interface SiteSort {
  key: SiteSortKey;
  dir: SortDir;
}

/** Status order for sorting: connected first, then the ones that never made it. */
export const SITE_STATUS_ORDER: SeminarSiteStatus[] = ["checked_in", "disconnected", "registered", "invited", "declined"];

type SortValue = string | number | null;

function timeValue(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

export function siteSortValue(line: ReportSiteLine, key: SiteSortKey): SortValue {
  switch (key) {
    case "name":
      return line.name;
    case "status": {
      const i = SITE_STATUS_ORDER.indexOf(line.status);
      return i < 0 ? SITE_STATUS_ORDER.length : i;
    }
    case "checked_in_at":
      return timeValue(line.checked_in_at);
    case "expected":
      return line.expected ?? null;
    case "peak":
      return line.peak_headcount;
    case "last":
      // A site that never reported has no "last" figure.
      return line.last_report_at == null && line.last_headcount === 0 ? null : line.last_headcount;
  }
}

function compareValues(a: SortValue, b: SortValue): number {
  if (typeof a === "string" || typeof b === "string") return compareVi(String(a ?? ""), String(b ?? ""));
  return (a as number) - (b as number);
}

/**
 * A sorted copy of the report's site lines. Ties fall back to the name (Vietnamese order), then the id,
 * so the order is stable and the same on every render; null values stay at the bottom in both directions.
 */
export function sortSiteLines(lines: readonly ReportSiteLine[], sort: SiteSort | null): ReportSiteLine[] {
  if (!sort) return [...lines];
  const sign = sort.dir === "asc" ? 1 : -1;
  return [...lines].sort((x, y) => {
    const a = siteSortValue(x, sort.key);
    const b = siteSortValue(y, sort.key);
    if (a === null && b !== null) return 1;
    if (b === null && a !== null) return -1;
    const primary = a === null && b === null ? 0 : sign * compareValues(a, b);
    return primary || compareVi(x.name, y.name) || x.site_id - y.site_id;
  });
}

/** Clicking a column: a new column starts ascending (names, statuses, times) or descending (figures); the same column flips. */
export function nextSort(current: SiteSort | null, key: SiteSortKey): SiteSort {
  if (current && current.key === key) return { key, dir: current.dir === "asc" ? "desc" : "asc" };
  const numeric = key === "expected" || key === "peak" || key === "last";
  return { key, dir: numeric ? "desc" : "asc" };
}

/** actual / expected as a ratio for formatPercent, or null when there is nothing to compare with. */
export function attendanceRatio(actual: number | null | undefined, expected: number | null | undefined): number | null {
  if (actual == null || expected == null || !(expected > 0)) return null;
  return actual / expected;
}

export interface ChartPoint {
  /** epoch milliseconds */
  t: number;
  headcount: number;
  peak: number;
}

/** Timeline points for a time-scaled line chart (sorted, bad dates dropped). */
export function timelineChartData(points: readonly TimelinePoint[] | null | undefined): ChartPoint[] {
  const out: ChartPoint[] = [];
  for (const p of points ?? []) {
    const t = timeValue(p.at);
    if (t !== null) out.push({ t, headcount: p.headcount, peak: p.peak_headcount });
  }
  return out.sort((a, b) => a.t - b.t);
}

export interface DurationParts {
  days: number;
  hours: number;
  minutes: number;
}

/** Minutes split for people: 75 → 1 h 15 min; 3000 → 2 days 2 h (minutes dropped once it is days). */
export function durationParts(totalMinutes: number): DurationParts {
  const m = Math.max(0, Math.round(Math.abs(totalMinutes)));
  const days = Math.floor(m / 1440);
  const hours = Math.floor((m % 1440) / 60);
  return { days, hours, minutes: days > 0 ? 0 : m % 60 };
}
