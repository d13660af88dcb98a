import { describe, expect, it } from "vitest";
import { ApiError, errorFromResponse, parseDetail, parseErrorBody } from "./client";

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

describe("error bodies {detail, code, params?, errors?}", () => {
  it("keeps the detail, the code and the params of a refusal", () => {
    const p = parseErrorBody({
      detail: "Không thể chuyển hội thảo đang ở trạng thái “bản nháp” sang “đã kết thúc”",
      code: "seminar.transition",
      params: { current: "draft", target: "ended", allowed: ["published", "cancelled"] },
    });
    expect(p.message).toBe("Không thể chuyển hội thảo đang ở trạng thái “bản nháp” sang “đã kết thúc”");
    expect(p.code).toBe("seminar.transition");
    expect(p.params.current).toBe("draft");
    expect(p.fieldErrors).toEqual({});
    expect(p.lineErrors).toEqual([]);
  });
  it("reads a 422's field errors from errors[].loc", () => {
    const p = parseErrorBody({
      detail: "Dữ liệu gửi lên chưa hợp lệ: title: cần ít nhất 1 ký tự",
      code: "request.invalid",
      errors: [
        { loc: ["body", "title"], msg: "cần ít nhất 1 ký tự", type: "string_too_short" },
        { loc: ["body", "authors", 0, "name"], msg: "thiếu, cần điền", type: "missing" },
        { loc: ["body", "title"], msg: "a second problem of the same field", type: "x" },
      ],
    });
    expect(p.message).toBe("Dữ liệu gửi lên chưa hợp lệ: title: cần ít nhất 1 ký tự");
    expect(p.fieldErrors).toEqual({ title: "cần ít nhất 1 ký tự", "authors.0.name": "thiếu, cần điền" });
    expect(p.lineErrors).toEqual([]);
  });
  it("reads a CSV import's line errors from errors[].line", () => {
    const p = parseErrorBody({
      detail: "Tệp có 2 dòng bị lỗi nên chưa nhập dòng nào.",
      code: "site.import.invalid",
      params: { lines: 2 },
      errors: [
        { line: 3, code: "site.import.required", msg: "Thiếu name (cột bắt buộc)", params: { column: "name" } },
        { line: 7, code: "site.import.parent_unknown", msg: "Mã cấp trên “XYZ” không có", params: { parent_code: "XYZ" } },
      ],
    });
    expect(p.message).toBe("Tệp có 2 dòng bị lỗi nên chưa nhập dòng nào.");
    expect(p.code).toBe("site.import.invalid");
    expect(p.lineErrors).toEqual([
      { line: 3, error: "Thiếu name (cột bắt buộc)", code: "site.import.required" },
      { line: 7, error: "Mã cấp trên “XYZ” không có", code: "site.import.parent_unknown" },
    ]);
  });
  it("lists problems that name neither a field nor a line", () => {
    const p = parseErrorBody({
      detail: "Chưa thay đổi gì",
      code: "submission.bulk_stuck",
      errors: [{ code: "submission.bulk_stuck_one", msg: "Tham luận số 4 đang ở trạng thái “bản nháp”" }],
    });
    expect(p.lineErrors).toEqual([{ line: null, error: "Tham luận số 4 đang ở trạng thái “bản nháp”", code: "submission.bulk_stuck_one" }]);
  });
  it("builds an ApiError with the body's code, and ignores a proxy's HTML page", () => {
    const e = errorFromResponse(409, "Conflict", { detail: "Hội thảo đã kết thúc", code: "seminar.closed", params: { status: "ended" } }, false);
    expect(e.message).toBe("Hội thảo đã kết thúc");
    expect(e.code).toBe("seminar.closed");
    expect(e.params).toEqual({ status: "ended" });
    const proxy = errorFromResponse(413, "Request Entity Too Large", "<html>413</html>", false);
    expect(proxy.message).toBe("Request Entity Too Large");
    expect(proxy.code).toBeNull();
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
