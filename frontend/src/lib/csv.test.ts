import { describe, expect, it } from "vitest";
import { toCsv } from "./csv";

describe("toCsv", () => {
  it("quotes cells that need it", () => {
    expect(toCsv([["code", "name"], ["BG01", 'Đảng ủy "Bắc Giang", tỉnh'], ["X", null]])).toBe(
      'code,name\r\nBG01,"Đảng ủy ""Bắc Giang"", tỉnh"\r\nX,\r\n',
    );
  });
});
