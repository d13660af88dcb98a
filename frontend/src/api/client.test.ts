import { describe, expect, it } from "vitest";
import { ApiError, buildUrl, itemsOf, parseDetail } from "./client";

describe("parseDetail", () => {
  it("keeps a plain string", () => {
    expect(parseDetail("Seminar is not in draft").message).toBe("Seminar is not in draft");
  });
  it("reads FastAPI validation lists into field errors", () => {
    const p = parseDetail([
      { loc: ["body", "title"], msg: "Field required", type: "missing" },
      { loc: ["body", "slug"], msg: "String should match pattern", type: "string_pattern_mismatch" },
    ]);
    expect(p.fieldErrors).toEqual({ title: "Field required", slug: "String should match pattern" });
    expect(p.message).toBe("title: Field required; slug: String should match pattern");
  });
  it("reads CSV import errors {message, errors:[{line, error}]}", () => {
    const p = parseDetail({ message: "2 invalid lines", errors: [{ line: 3, error: "missing code" }, { line: 7, error: "unknown parent" }] });
    expect(p.message).toBe("2 invalid lines");
    expect(p.lineErrors).toEqual([
      { line: 3, error: "missing code" },
      { line: 7, error: "unknown parent" },
    ]);
  });
  it("accepts a bare list of line errors", () => {
    const p = parseDetail([{ line: 2, error: "bad level" }]);
    expect(p.lineErrors).toEqual([{ line: 2, error: "bad level" }]);
  });
  it("handles empty and unknown shapes", () => {
    expect(parseDetail(undefined).message).toBeNull();
    expect(parseDetail({ foo: 1 }).message).toBe('{"foo":1}');
  });
  it("ApiError exposes parsed parts", () => {
    const e = new ApiError(422, "x", [{ loc: ["body", "email"], msg: "invalid" }]);
    expect(e.fieldErrors.email).toBe("invalid");
    expect(e.status).toBe(422);
  });
});

describe("helpers", () => {
  it("builds urls under the prefix and drops empty params", () => {
    expect(buildUrl("/sites", { q: "bac giang", limit: 50, offset: 0, x: "" })).toBe("/api/v1/sites?q=bac+giang&limit=50&offset=0");
    expect(buildUrl("/api/v1/auth/me")).toBe("/api/v1/auth/me");
  });
  it("accepts lists as {items,total} or arrays", () => {
    expect(itemsOf({ items: [1, 2], total: 2 })).toEqual([1, 2]);
    expect(itemsOf([3])).toEqual([3]);
    expect(itemsOf(undefined)).toEqual([]);
  });
});

describe("filenameFromContentDisposition", () => {
  it("reads RFC 6266 filename* with UTF-8 (Vietnamese intact)", async () => {
    const { filenameFromContentDisposition } = await import("./client");
    const h = `attachment; filename="Tham luan.pdf"; filename*=UTF-8''Tham%20lu%E1%BA%ADn%20%C4%91%E1%BA%A7u%20ti%C3%AAn.pdf`;
    expect(filenameFromContentDisposition(h)).toBe("Tham luận đầu tiên.pdf");
  });
  it("falls back to filename=", async () => {
    const { filenameFromContentDisposition } = await import("./client");
    expect(filenameFromContentDisposition('attachment; filename="papers.csv"')).toBe("papers.csv");
    expect(filenameFromContentDisposition("attachment; filename=proceedings.zip")).toBe("proceedings.zip");
    expect(filenameFromContentDisposition('attachment; filename="a \\"b\\".pdf"')).toBe('a "b".pdf');
  });
  it("returns null without a name", async () => {
    const { filenameFromContentDisposition } = await import("./client");
    expect(filenameFromContentDisposition(null)).toBeNull();
    expect(filenameFromContentDisposition("inline")).toBeNull();
  });
});
