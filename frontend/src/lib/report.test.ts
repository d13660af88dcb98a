import { describe, expect, it } from "vitest";
import type { ReportSiteLine } from "../api/types";
import { attendanceRatio, durationParts, nextSort, sortSiteLines, timelineChartData } from "./report";

function line(over: Partial<ReportSiteLine> & { site_id: number; name: string }): ReportSiteLine {
  return {
    code: `S${over.site_id}`,
    level: "commune",
    locality: null,
    parent_id: null,
    is_main: false,
    status: "invited",
    checked_in_at: null,
    expected: null,
    peak_headcount: 0,
    last_headcount: 0,
    last_report_at: null,
    counted: false,
    subtree_headcount: 0,
    subtree_peak_headcount: 0,
    ...over,
  };
}

const lines = [
  line({ site_id: 1, name: "Đảng ủy xã Yên Thế", status: "checked_in", checked_in_at: "2025-07-19T01:05:00Z", expected: 20, peak_headcount: 25, last_headcount: 18, last_report_at: "2025-07-19T03:00:00Z" }),
  line({ site_id: 2, name: "Đảng ủy xã An Hà", status: "declined" }),
  line({ site_id: 3, name: "Chi bộ Bắc Lý", status: "disconnected", checked_in_at: "2025-07-19T00:55:00Z", expected: 40, peak_headcount: 38, last_headcount: 0, last_report_at: "2025-07-19T02:00:00Z" }),
  line({ site_id: 4, name: "Đảng ủy phường Đông Ngạc", status: "registered", expected: 30 }),
  line({ site_id: 5, name: "Chi bộ Ba Đình", status: "checked_in", checked_in_at: "2025-07-19T01:05:00Z", expected: 20, peak_headcount: 25, last_headcount: 22, last_report_at: "2025-07-19T03:01:00Z" }),
];
const ids = (ls: ReportSiteLine[]) => ls.map((l) => l.site_id);

describe("sortSiteLines", () => {
  it("keeps the server order without a sort and does not mutate the input", () => {
    const copy = [...lines];
    expect(ids(sortSiteLines(lines, null))).toEqual([1, 2, 3, 4, 5]);
    sortSiteLines(lines, { key: "name", dir: "asc" });
    expect(lines).toEqual(copy);
  });
  it("sorts names in Vietnamese order (Ba before Bắc, phường before xã)", () => {
    expect(ids(sortSiteLines(lines, { key: "name", dir: "asc" }))).toEqual([5, 3, 4, 2, 1]);
    expect(ids(sortSiteLines(lines, { key: "name", dir: "desc" }))).toEqual([1, 2, 4, 3, 5]);
  });
  it("sorts statuses connected first, ties by name", () => {
    expect(ids(sortSiteLines(lines, { key: "status", dir: "asc" }))).toEqual([5, 1, 3, 4, 2]);
  });
  it("puts missing values last in both directions", () => {
    expect(ids(sortSiteLines(lines, { key: "checked_in_at", dir: "asc" }))).toEqual([3, 5, 1, 4, 2]);
    expect(ids(sortSiteLines(lines, { key: "checked_in_at", dir: "desc" }))).toEqual([5, 1, 3, 4, 2]);
    expect(ids(sortSiteLines(lines, { key: "expected", dir: "desc" }))).toEqual([3, 4, 5, 1, 2]);
    expect(ids(sortSiteLines(lines, { key: "expected", dir: "asc" }))).toEqual([5, 1, 4, 3, 2]);
  });
  it("sorts by peak and by last report (never reported last; a reported 0 counts)", () => {
    expect(ids(sortSiteLines(lines, { key: "peak", dir: "desc" }))).toEqual([3, 5, 1, 4, 2]);
    expect(ids(sortSiteLines(lines, { key: "last", dir: "desc" }))).toEqual([5, 1, 3, 4, 2]);
    expect(ids(sortSiteLines(lines, { key: "last", dir: "asc" }))).toEqual([3, 1, 5, 4, 2]);
  });
});

describe("nextSort", () => {
  it("starts names ascending and figures descending, then flips", () => {
    expect(nextSort(null, "name")).toEqual({ key: "name", dir: "asc" });
    expect(nextSort(null, "peak")).toEqual({ key: "peak", dir: "desc" });
    expect(nextSort({ key: "peak", dir: "desc" }, "peak")).toEqual({ key: "peak", dir: "asc" });
    expect(nextSort({ key: "peak", dir: "desc" }, "status")).toEqual({ key: "status", dir: "asc" });
  });
});

describe("attendanceRatio", () => {
  it("divides actual by expected, or null when not comparable", () => {
    expect(attendanceRatio(122, 1000)).toBeCloseTo(0.122);
    expect(attendanceRatio(5, 0)).toBeNull();
    expect(attendanceRatio(5, null)).toBeNull();
    expect(attendanceRatio(null, 10)).toBeNull();
  });
});

describe("timelineChartData", () => {
  it("turns ISO times into sorted epoch points and drops bad dates", () => {
    expect(
      timelineChartData([
        { at: "2025-07-19T08:10:00+07:00", headcount: 30, peak_headcount: 35 },
        { at: "bad", headcount: 1, peak_headcount: 1 },
        { at: "2025-07-19T08:05:00+07:00", headcount: 10, peak_headcount: 12 },
      ]),
    ).toEqual([
      { t: Date.parse("2025-07-19T01:05:00Z"), headcount: 10, peak: 12 },
      { t: Date.parse("2025-07-19T01:10:00Z"), headcount: 30, peak: 35 },
    ]);
    expect(timelineChartData(undefined)).toEqual([]);
  });
});

describe("durationParts", () => {
  it("splits minutes into days, hours and minutes", () => {
    expect(durationParts(7)).toEqual({ days: 0, hours: 0, minutes: 7 });
    expect(durationParts(75)).toEqual({ days: 0, hours: 1, minutes: 15 });
    expect(durationParts(-75)).toEqual({ days: 0, hours: 1, minutes: 15 });
    expect(durationParts(3000)).toEqual({ days: 2, hours: 2, minutes: 0 });
    expect(durationParts(0)).toEqual({ days: 0, hours: 0, minutes: 0 });
  });
});
