// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import i18n, { setLanguage } from "../i18n";
import { setToken } from "./client";
import { api, ApiError, apiUrl, asFormData, fetchFile, FORM_URLENCODED, publicApi, UNAUTHORIZED_EVENT } from "./http";

/** Answers every fetch with `answer` and records the requests the client sent. */
function serve(answer: () => Response) {
  const seen: Request[] = [];
  vi.stubGlobal("fetch", async (input: Request) => {
    seen.push(input);
    return answer();
  });
  return seen;
}
const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });

describe("api: typed calls through openapi-fetch", () => {
  beforeEach(() => setToken("tok-1"));
  afterEach(async () => {
    vi.unstubAllGlobals();
    setToken(null);
    await i18n.changeLanguage("vi");
  });

  it("fills the path, serializes the query, sends the bearer token and the UI's language", async () => {
    const seen = serve(() => json(200, { items: [], total: 0 }));
    await api.GET("/api/v1/seminars/{seminar_id}/sites", { params: { path: { seminar_id: 7 }, query: { limit: 20, parent_id: 3, sort: "-headcount" } } });
    await setLanguage("en"); // English is a chunk of its own, loaded on demand
    await api.GET("/api/v1/auth/me");
    const [first, second] = seen;
    const url = new URL(first.url);
    expect(url.pathname).toBe("/api/v1/seminars/7/sites");
    expect(Object.fromEntries(url.searchParams)).toEqual({ limit: "20", parent_id: "3", sort: "-headcount" });
    expect(first.headers.get("Authorization")).toBe("Bearer tok-1");
    expect(first.headers.get("Accept-Language")).toBe("vi");
    expect(second.headers.get("Accept-Language")).toBe("en");
  });

  it("answers the success body; a 204 answers undefined", async () => {
    serve(() => json(200, { id: 1, title: "Tọa đàm" }));
    expect(await api.GET("/api/v1/seminars/{seminar_id}", { params: { path: { seminar_id: 1 } } })).toMatchObject({ title: "Tọa đàm" });
    serve(() => new Response(null, { status: 204 }));
    expect(await api.DELETE("/api/v1/seminars/{seminar_id}/members/{user_id}", { params: { path: { seminar_id: 1, user_id: 2 } } })).toBeUndefined();
  });

  it("sends a JSON body", async () => {
    const seen = serve(() => json(200, {}));
    await api.PATCH("/api/v1/users/{user_id}", { params: { path: { user_id: 4 } }, body: { full_name: "Nguyễn Văn A" } });
    expect(seen[0].method).toBe("PATCH");
    expect(seen[0].headers.get("Content-Type")).toBe("application/json");
    expect(await seen[0].json()).toEqual({ full_name: "Nguyễn Văn A" });
  });

  it("sends a form-encoded body (OAuth2 token) and a multipart body (file import)", async () => {
    const seen = serve(() => json(200, {}));
    await publicApi.POST("/api/v1/auth/token", { body: { username: "a@b.vn", password: "pw", grant_type: "password" }, headers: FORM_URLENCODED });
    expect(await seen[0].text()).toBe("username=a%40b.vn&password=pw&grant_type=password");
    expect(seen[0].headers.get("Authorization")).toBeNull();
    const file = new File(["code,name\n"], "sites.csv", { type: "text/csv" });
    await api.POST("/api/v1/sites/import", { body: { file }, bodySerializer: asFormData });
    expect(seen[1].headers.get("Content-Type")).toMatch(/^multipart\/form-data; boundary=/);
  });

  it("a refusal rejects with ApiError: detail, code, params, field errors, line errors, Retry-After", async () => {
    serve(() =>
      json(
        422,
        { detail: "Dữ liệu không hợp lệ", code: "request.invalid", params: { n: 2 }, errors: [{ loc: ["body", "email"], msg: "Email sai" }, { line: 3, msg: "Thiếu mã" }] },
        { "Retry-After": "7" },
      ),
    );
    const error = (await api.POST("/api/v1/users", { body: { email: "x", full_name: "A", password: "p" } }).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(422);
    expect(error.message).toBe("Dữ liệu không hợp lệ");
    expect(error.code).toBe("request.invalid");
    expect(error.params).toEqual({ n: 2 });
    expect(error.fieldErrors).toEqual({ email: "Email sai" });
    expect(error.lineErrors).toEqual([{ line: 3, error: "Thiếu mã" }]);
    expect(error.retryAfter).toBe(7);
  });

  it("a 401 on an authenticated call announces the sign-out; on a public call it does not", async () => {
    const heard: Event[] = [];
    const listener = (e: Event) => heard.push(e);
    window.addEventListener(UNAUTHORIZED_EVENT, listener);
    serve(() => json(401, { detail: "Phiên đăng nhập đã hết hạn", code: "auth.expired" }));
    await expect(api.GET("/api/v1/auth/me")).rejects.toMatchObject({ status: 401, code: "auth.expired" });
    await expect(publicApi.GET("/api/v1/site", { headers: { "X-Site-Token": "s" } })).rejects.toMatchObject({ status: 401 });
    window.removeEventListener(UNAUTHORIZED_EVENT, listener);
    expect(heard).toHaveLength(1);
  });

  it("a network failure is an ApiError with status 0", async () => {
    vi.stubGlobal("fetch", async () => {
      throw new TypeError("Failed to fetch");
    });
    await expect(api.GET("/api/v1/auth/me")).rejects.toMatchObject({ status: 0 });
  });

  it("downloads a file as a blob with the server's file name", async () => {
    const seen = serve(
      () => new Response("a;b\n", { status: 200, headers: { "Content-Type": "text/csv", "Content-Disposition": "attachment; filename*=UTF-8''b%C3%A1o%20c%C3%A1o.csv" } }),
    );
    const { blob, filename } = await fetchFile("/api/v1/seminars/{seminar_id}/exports/attendance.csv", { seminar_id: 5 });
    expect(new URL(seen[0].url).pathname).toBe("/api/v1/seminars/5/exports/attendance.csv");
    expect(seen[0].headers.get("Authorization")).toBe("Bearer tok-1");
    expect(await blob.text()).toBe("a;b\n");
    expect(filename).toBe("báo cáo.csv");
  });

  it("builds plain links with their parameters", () => {
    expect(apiUrl("/api/v1/seminars/{seminar_id}/calendar.ics", { seminar_id: 9 })).toBe("/api/v1/seminars/9/calendar.ics");
    expect(apiUrl("/api/v1/sites", undefined, { q: "bac giang", limit: 5, x: "" })).toBe("/api/v1/sites?q=bac+giang&limit=5");
  });
});
