import { describe, expect, it } from "vitest";
import { autoRootOf, breadcrumb, pageOf, parentScope, ratio, rowsPerColumn, scopeTitle } from "./liveLevels";

const central = { id: 1, name: "Trung ương" };
const province = { id: 9511, name: "Đảng bộ Thành phố Hà Nội" };
const commune = { id: 9600, name: "Đảng ủy Phường Tân Phú" };
const path = [central, province, commune];

describe("autoRootOf", () => {
  it("shows the children of a single top-level site that has children (the central site)", () => {
    expect(autoRootOf(null, [{ id: 1, children: 34 }])).toBe(1);
  });
  it("keeps the top level as it is otherwise", () => {
    expect(autoRootOf(null, [{ id: 1, children: 0 }])).toBeNull();
    expect(autoRootOf(null, [{ id: 1, children: 3 }, { id: 2, children: 0 }])).toBeNull();
    expect(autoRootOf(null, [])).toBeNull();
  });
  it("applies to the top level only", () => {
    expect(autoRootOf(5, [{ id: 1, children: 34 }])).toBeNull();
  });
});

describe("breadcrumb", () => {
  const root = "Toàn hội nghị";
  it("is the top level alone at the top level", () => {
    expect(breadcrumb(null, [], { rootLabel: root })).toEqual([{ scope: null, name: root, current: true }]);
  });
  it("names every level of the path down to the scope, the scope last and current", () => {
    expect(breadcrumb(commune.id, path, { rootLabel: root })).toEqual([
      { scope: null, name: root, current: false },
      { scope: 1, name: "Trung ương", current: false },
      { scope: 9511, name: "Đảng bộ Thành phố Hà Nội", current: false },
      { scope: 9600, name: "Đảng ủy Phường Tân Phú", current: true },
    ]);
  });
  it("folds the automatic root (the central site) into the top level", () => {
    expect(breadcrumb(province.id, path.slice(0, 2), { rootLabel: root, autoRoot: 1 })).toEqual([
      { scope: null, name: root, current: false },
      { scope: 9511, name: "Đảng bộ Thành phố Hà Nội", current: true },
    ]);
    expect(breadcrumb(1, [central], { rootLabel: root, autoRoot: 1 })).toEqual([{ scope: null, name: root, current: true }]);
  });
  it("starts a member limited to a subtree at that subtree: nothing above it is offered", () => {
    expect(breadcrumb(commune.id, path, { rootLabel: root, floor: province })).toEqual([
      { scope: 9511, name: "Đảng bộ Thành phố Hà Nội", current: false },
      { scope: 9600, name: "Đảng ủy Phường Tân Phú", current: true },
    ]);
  });
  it("shows a member's subtree before the path arrives", () => {
    expect(breadcrumb(province.id, [], { rootLabel: root, floor: province })).toEqual([
      { scope: 9511, name: "Đảng bộ Thành phố Hà Nội", current: true },
    ]);
  });
});

describe("parentScope", () => {
  it("goes one level up along the path", () => {
    expect(parentScope(commune.id, path)).toBe(province.id);
    expect(parentScope(central.id, path)).toBeNull();
  });
  it("has nowhere to go from the top level, the automatic root, or a member's subtree", () => {
    expect(parentScope(null, [])).toBeUndefined();
    expect(parentScope(1, path, { autoRoot: 1 })).toBeUndefined();
    expect(parentScope(province.id, path, { floor: province })).toBeUndefined();
  });
  it("goes from a province straight to the top level when the central site is the automatic root", () => {
    expect(parentScope(province.id, path, { autoRoot: 1 })).toBeNull();
  });
});

describe("scopeTitle", () => {
  it("is the scope's name from its path, never its id", () => {
    expect(scopeTitle(province.id, [central, province])).toBe("Đảng bộ Thành phố Hà Nội");
  });
  it("is unknown before the scope's path arrives, and null at the top level", () => {
    expect(scopeTitle(province.id, [central])).toBeNull();
    expect(scopeTitle(null, [])).toBeNull();
  });
});

describe("pageOf", () => {
  const provinces = Array.from({ length: 34 }, (_, i) => i + 1);
  it("cuts 34 provinces into pages of 20: 20 then 14", () => {
    expect(pageOf(provinces, 20, 0)).toEqual({ rows: provinces.slice(0, 20), page: 0, pages: 2 });
    expect(pageOf(provinces, 20, 1)).toEqual({ rows: provinces.slice(20), page: 1, pages: 2 });
  });
  it("wraps the page counter so that the timer can keep counting", () => {
    expect(pageOf(provinces, 20, 2).page).toBe(0);
    expect(pageOf(provinces, 20, 3).page).toBe(1);
  });
  it("keeps the page shown when a live delta changes figures but not the rows", () => {
    const before = pageOf(provinces, 20, 1);
    const after = pageOf([...provinces], 20, 1);
    expect(after.page).toBe(before.page);
    expect(after.rows).toEqual(before.rows);
  });
  it("has one page when there is nothing or little to show", () => {
    expect(pageOf([], 20, 5)).toEqual({ rows: [], page: 0, pages: 1 });
    expect(pageOf([1, 2], 20, 1)).toEqual({ rows: [1, 2], page: 0, pages: 1 });
  });
  it("never divides by a page size below one", () => {
    expect(pageOf([1, 2, 3], 0, 0).pages).toBe(3);
  });
});

describe("ratio", () => {
  it("is a share clamped to 0..1, zero of nothing", () => {
    expect(ratio(17, 34)).toBe(0.5);
    expect(ratio(5, 0)).toBe(0);
    expect(ratio(40, 34)).toBe(1);
  });
});

describe("rowsPerColumn", () => {
  it("holds ten rows a column on a full HD projector (two columns: 20 a page)", () => {
    expect(rowsPerColumn(500, 46)).toBe(10);
  });
  it("holds fewer on a short screen, never fewer than four", () => {
    expect(rowsPerColumn(300, 40)).toBe(7);
    expect(rowsPerColumn(90, 40)).toBe(4);
  });
  it("assumes the full page before the screen is measured", () => {
    expect(rowsPerColumn(0, 46)).toBe(10);
  });
});
