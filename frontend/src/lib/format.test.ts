import { describe, expect, it } from "vitest";
import {
  compareVi,
  formatDate,
  formatDateTime,
  formatInputValue,
  formatNumber,
  formatPercent,
  formatTime,
  isoToZonedInput,
  isValidTimeZone,
  tzOffsetMinutes,
  zonedInputToIso,
} from "./format";

const instant = "2025-07-19T01:00:00Z"; // 08:00 in Hanoi / Ho Chi Minh City

describe("dates and times", () => {
  it("formats a date as dd/MM/yyyy in the default zone", () => {
    expect(formatDate(instant)).toBe("19/07/2025");
  });
  it("formats a time as 24-hour HH:mm", () => {
    expect(formatTime(instant)).toBe("08:00");
    expect(formatTime("2025-07-19T10:30:00Z")).toBe("17:30");
  });
  it("formats a datetime as dd/MM/yyyy HH:mm", () => {
    expect(formatDateTime(instant)).toBe("19/07/2025 08:00");
  });
  it("uses the given time zone", () => {
    expect(formatDateTime(instant, "UTC")).toBe("19/07/2025 01:00");
    expect(formatDateTime("2025-07-18T20:00:00Z", "Asia/Ho_Chi_Minh")).toBe("19/07/2025 03:00");
    expect(formatDate("2025-07-18T20:00:00Z", "UTC")).toBe("18/07/2025");
    expect(formatTime("2025-01-01T00:00:00Z", "America/New_York")).toBe("19:00");
  });
  it("shows midnight as 00, never 24", () => {
    expect(formatTime("2025-07-18T17:00:00Z")).toBe("00:00");
  });
  it("returns an empty string for missing or bad values", () => {
    expect(formatDate(null)).toBe("");
    expect(formatDateTime(undefined)).toBe("");
    expect(formatTime("not a date")).toBe("");
  });
});

describe("numbers", () => {
  it("groups thousands with a dot", () => {
    expect(formatNumber(1100)).toBe("1.100");
    expect(formatNumber(1900000)).toBe("1.900.000");
    expect(formatNumber(58)).toBe("58");
    expect(formatNumber(0)).toBe("0");
    expect(formatNumber(null)).toBe("");
  });
  it("formats percentages with a decimal comma", () => {
    expect(formatPercent(0.122)).toBe("12,2%");
    expect(formatPercent(1)).toBe("100%");
    expect(formatPercent(undefined)).toBe("");
  });
});

describe("compareVi", () => {
  it("sorts Vietnamese names by the Vietnamese alphabet", () => {
    const names = ["Đông Anh", "Bắc Giang", "Dương Kinh", "An Giang", "Ân Thi", "Bac Ninh"];
    expect([...names].sort(compareVi)).toEqual(["An Giang", "Ân Thi", "Bac Ninh", "Bắc Giang", "Dương Kinh", "Đông Anh"]);
  });
  it("treats null as empty", () => {
    expect(compareVi(null, "a")).toBeLessThan(0);
  });
});

describe("datetime-local conversion in a time zone", () => {
  it("reads the wall clock in the seminar's zone and sends the offset", () => {
    expect(zonedInputToIso("2025-07-19T08:00", "Asia/Ho_Chi_Minh")).toBe("2025-07-19T08:00:00+07:00");
    expect(zonedInputToIso("2025-07-19T08:00", "UTC")).toBe("2025-07-19T08:00:00+00:00");
    expect(zonedInputToIso("2025-01-15T08:00", "America/New_York")).toBe("2025-01-15T08:00:00-05:00");
    expect(zonedInputToIso("2025-07-15T08:00", "America/New_York")).toBe("2025-07-15T08:00:00-04:00");
    expect(zonedInputToIso("", "UTC")).toBeNull();
  });
  it("round-trips", () => {
    const iso = zonedInputToIso("2025-07-19T08:00", "Asia/Ho_Chi_Minh");
    expect(new Date(iso!).toISOString()).toBe("2025-07-19T01:00:00.000Z");
    expect(isoToZonedInput(iso, "Asia/Ho_Chi_Minh")).toBe("2025-07-19T08:00");
    expect(isoToZonedInput("2025-07-19T01:00:00Z", "Asia/Tokyo")).toBe("2025-07-19T10:00");
  });
  it("knows offsets and zones", () => {
    expect(tzOffsetMinutes(new Date(instant), "Asia/Ho_Chi_Minh")).toBe(420);
    expect(isValidTimeZone("Asia/Ho_Chi_Minh")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus")).toBe(false);
  });
});

describe("formatInputValue", () => {
  it("shows a datetime-local value as dd/MM/yyyy HH:mm", () => {
    expect(formatInputValue("2025-07-19T08:05")).toBe("19/07/2025 08:05");
    expect(formatInputValue("")).toBe("");
  });
});

describe("formatFileSize", () => {
  it("uses binary multiples and a decimal comma", async () => {
    const { formatFileSize } = await import("./format");
    expect(formatFileSize(0)).toBe("0 B");
    expect(formatFileSize(512)).toBe("512 B");
    expect(formatFileSize(1024)).toBe("1 KB");
    expect(formatFileSize(1536)).toBe("1,5 KB");
    expect(formatFileSize(1258291)).toBe("1,2 MB");
    expect(formatFileSize(20 * 1024 * 1024)).toBe("20 MB");
    expect(formatFileSize(1024 * 1024 - 1)).toBe("1 MB");
    expect(formatFileSize(3.25 * 1024 ** 3)).toBe("3,3 GB");
  });
  it("returns an empty string for missing or bad values", async () => {
    const { formatFileSize } = await import("./format");
    expect(formatFileSize(null)).toBe("");
    expect(formatFileSize(undefined)).toBe("");
    expect(formatFileSize(-1)).toBe("");
    expect(formatFileSize(Number.NaN)).toBe("");
  });
});
