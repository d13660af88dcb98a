import { describe, expect, it } from "vitest";
import { EMPTY_EXPANSION, isOpen, openAll, toggle } from "./treeExpansion";

describe("a lazy tree's expansion", () => {
  it("opens and closes a row without changing the previous state", () => {
    const opened = toggle(EMPTY_EXPANSION, 7);
    expect(isOpen(opened, 7)).toBe(true);
    expect(isOpen(toggle(opened, 7), 7)).toBe(false);
    expect(isOpen(EMPTY_EXPANSION, 7)).toBe(false);
  });
  it("keeps what was open below a closed row, so reopening restores it", () => {
    let e = openAll(EMPTY_EXPANSION, [1, 2]);
    e = toggle(e, 1);
    expect(isOpen(e, 1)).toBe(false);
    expect(isOpen(e, 2)).toBe(true);
    e = toggle(e, 1);
    expect(isOpen(e, 1) && isOpen(e, 2)).toBe(true);
  });
});
