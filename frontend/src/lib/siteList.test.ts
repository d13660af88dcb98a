import { describe, expect, it } from "vitest";
import { activeFilterCount, ariaSort, clampOffset, filterParams, isFlat, nextSort, NO_FILTERS, pageCount, parseSort } from "./siteList";

describe("a list of sites is a lazy tree until searched or filtered", () => {
  it("shows the tree without search or filter", () => {
    expect(isFlat(NO_FILTERS)).toBe(false);
    expect(isFlat({ ...NO_FILTERS, q: "   " })).toBe(false);
  });
  it("shows matching rows flat for a search or any filter", () => {
    expect(isFlat({ ...NO_FILTERS, q: "tan phu" })).toBe(true);
    expect(isFlat({ ...NO_FILTERS, level: "commune" })).toBe(true);
    expect(isFlat({ ...NO_FILTERS, status: "invited" })).toBe(true);
    expect(isFlat({ ...NO_FILTERS, neverConnected: true })).toBe(true);
    expect(isFlat({ ...NO_FILTERS, problem: true })).toBe(true);
  });
  it("sends only the filters that are set, the search trimmed", () => {
    expect(filterParams(NO_FILTERS)).toEqual({});
    expect(filterParams({ q: " xa tan phu ", level: "commune", status: "checked_in", neverConnected: true, problem: true })).toEqual({
      q: "xa tan phu",
      level: "commune",
      status: "checked_in",
      never_connected: true,
      problem: true,
    });
  });
  it("counts the filters besides the search", () => {
    expect(activeFilterCount({ ...NO_FILTERS, q: "x" })).toBe(0);
    expect(activeFilterCount({ ...NO_FILTERS, level: "unit", problem: true })).toBe(2);
  });
});

describe("sorting follows the server's sort parameter", () => {
  it("reads '-' as descending and defaults to name", () => {
    expect(parseSort("-headcount")).toEqual({ key: "headcount", desc: true });
    expect(parseSort("code")).toEqual({ key: "code", desc: false });
    expect(parseSort("")).toEqual({ key: "name", desc: false });
  });
  it("sorts a new column ascending, numbers and times descending first, and flips the same column", () => {
    expect(nextSort("name", "code")).toBe("code");
    expect(nextSort("name", "headcount", ["headcount"])).toBe("-headcount");
    expect(nextSort("-headcount", "headcount", ["headcount"])).toBe("headcount");
    expect(nextSort("name", "name")).toBe("-name");
  });
  it("tells assistive technology the sorted column", () => {
    expect(ariaSort("-headcount", "headcount")).toBe("descending");
    expect(ariaSort("name", "name")).toBe("ascending");
    expect(ariaSort("name", "code")).toBe("none");
  });
});

describe("paging", () => {
  it("counts pages, at least one", () => {
    expect(pageCount(0, 50)).toBe(1);
    expect(pageCount(40_000, 50)).toBe(800);
    expect(pageCount(101, 50)).toBe(3);
  });
  it("moves back to the last page when the total shrinks below the offset", () => {
    expect(clampOffset(500, 120, 50)).toBe(100);
    expect(clampOffset(50, 120, 50)).toBe(50);
    expect(clampOffset(50, 0, 50)).toBe(0);
  });
});
