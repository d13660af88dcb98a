import { describe, expect, it } from "vitest";
import { collapseAll, EMPTY_EXPANSION, isOpen, openAll, pageOffsets, pagesShown, remaining, showMore, toggle } from "./treeExpansion";

describe("a lazy tree's expansion", () => {
  it("opens and closes a row", () => {
    const opened = toggle(EMPTY_EXPANSION, 7);
    expect(isOpen(opened, 7)).toBe(true);
    expect(isOpen(toggle(opened, 7), 7)).toBe(false);
    expect(isOpen(EMPTY_EXPANSION, 7)).toBe(false); // immutable
  });
  it("keeps what was open below a closed row, so reopening restores it", () => {
    let e = openAll(EMPTY_EXPANSION, [1, 2]);
    e = showMore(e, 2, 120, 50);
    e = toggle(e, 1);
    expect(isOpen(e, 2)).toBe(true);
    expect(pagesShown(e, 2)).toBe(2);
    e = toggle(e, 1);
    expect(isOpen(e, 1)).toBe(true);
  });
  it("shows one page of children first, then one more page at a time, never past the total", () => {
    let e = toggle(EMPTY_EXPANSION, 3);
    expect(pagesShown(e, 3)).toBe(1);
    expect(pageOffsets(pagesShown(e, 3), 50)).toEqual([0]);
    e = showMore(e, 3, 120, 50);
    expect(pageOffsets(pagesShown(e, 3), 50)).toEqual([0, 50]);
    expect(remaining(120, pagesShown(e, 3), 50)).toBe(20);
    e = showMore(e, 3, 120, 50);
    e = showMore(e, 3, 120, 50);
    expect(pagesShown(e, 3)).toBe(3);
    expect(remaining(120, 3, 50)).toBe(0);
  });
  it("collapses everything", () => {
    expect(collapseAll().open.size).toBe(0);
  });
});
