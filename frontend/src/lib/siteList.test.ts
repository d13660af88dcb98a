import { describe, expect, it } from "vitest";
import { activeFilterCount, filterParams, isFlat, NO_FILTERS } from "./siteList";

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
