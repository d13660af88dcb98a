import { describe, expect, it } from "vitest";
import { slugify, stripDiacritics } from "./text";

describe("text helpers", () => {
  it("strips Vietnamese diacritics including đ", () => {
    expect(stripDiacritics("Đảng ủy Bắc Giang")).toBe("Dang uy Bac Giang");
  });
  it("makes slugs", () => {
    expect(slugify("Hội thảo khoa học: Đảng bộ tỉnh 2025!")).toBe("hoi-thao-khoa-hoc-dang-bo-tinh-2025");
    expect(slugify("  ")).toBe("");
  });
});
