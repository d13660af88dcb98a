/**
 * Type-level test (checked by `tsc -b`, never run): calls that do not match the OpenAPI
 * paths must not compile. Each `@ts-expect-error` fails the type check if the line below it
 * stops being an error, so this file proves the client refuses wrong paths, methods,
 * parameters and bodies.
 */
import { api, asFormData, downloadFile, fetchFile, publicApi, uploadWithProgress, type ApiData, type ApiQuery } from "./http";

export async function typedCallsCompile(): Promise<void> {
  // Right calls compile and their answers are typed.
  const page = await api.GET("/api/v1/seminars/{seminar_id}/sites", {
    params: { path: { seminar_id: 1 }, query: { limit: 50, offset: 0, status: "invited" } },
  });
  const total: number = page.total;
  const name: string = page.items[0].name;
  const seminar = await api.PATCH("/api/v1/seminars/{seminar_id}", { params: { path: { seminar_id: 1 } }, body: { title: "Tọa đàm" } });
  const title: string = seminar.title;
  await api.DELETE("/api/v1/seminars/{seminar_id}/members/{user_id}", { params: { path: { seminar_id: 1, user_id: 2 } } });
  const me = await api.GET("/api/v1/auth/me");
  const email: string = me.email;
  const ctx = await publicApi.GET("/api/v1/site", { headers: { "X-Site-Token": "t" } });
  const file = await fetchFile("/api/v1/seminars/{seminar_id}/exports/papers.xlsx", { seminar_id: 1 });
  const blob: Blob = file.blob;
  await downloadFile("papers.xlsx", "/api/v1/seminars/{seminar_id}/exports/papers.xlsx", { seminar_id: 1 });
  const up = await uploadWithProgress("/api/v1/submissions/{submission_id}/files", { submission_id: 3 }, new FormData());
  const version: number = up.version;
  await api.POST("/api/v1/sites/import", { body: { file: new File(["code"], "sites.csv") }, bodySerializer: asFormData });
  const q: ApiQuery<"/api/v1/sites"> = { q: "ha noi", limit: 10 };
  const users: ApiData<"/api/v1/users", "get"> = await api.GET("/api/v1/users");
  void [total, name, title, email, ctx, blob, version, q, users];
}

export async function wrongCallsFail(): Promise<void> {
  // @ts-expect-error a path the backend does not have
  await api.GET("/api/v1/seminar/{seminar_id}");
  // @ts-expect-error a method the path does not have (no DELETE on /users)
  await api.DELETE("/api/v1/users");
  // @ts-expect-error a missing required path parameter
  await api.GET("/api/v1/seminars/{seminar_id}", { params: { path: {} } });
  // @ts-expect-error no init at all where the path needs parameters
  await api.GET("/api/v1/seminars/{seminar_id}");
  // @ts-expect-error a path parameter of the wrong type
  await api.GET("/api/v1/seminars/{seminar_id}", { params: { path: { seminar_id: "1" } } });
  // @ts-expect-error a query parameter of the wrong type
  await api.GET("/api/v1/sites", { params: { query: { limit: "ten" } } });
  // @ts-expect-error a query parameter the endpoint does not take
  await api.GET("/api/v1/users", { params: { query: { sort: "name" } } });
  // @ts-expect-error a body field of the wrong type
  await api.POST("/api/v1/seminars/{seminar_id}/sites/{site_id}/headcount", { params: { path: { seminar_id: 1, site_id: 2 } }, body: { headcount: "12" } });
  // @ts-expect-error a body missing a required field
  await api.POST("/api/v1/users", { body: { email: "a@b.vn" } });
  // @ts-expect-error a status value the enum does not have
  await api.GET("/api/v1/seminars/{seminar_id}/sites", { params: { path: { seminar_id: 1 }, query: { status: "arrived" } } });
  // @ts-expect-error a field the answer does not have
  (await api.GET("/api/v1/auth/me")).nickname;
  // @ts-expect-error a multipart file that is not a file
  await api.POST("/api/v1/sites/import", { body: { file: "sites.csv" }, bodySerializer: asFormData });
  // @ts-expect-error a download path that is not a GET
  await fetchFile("/api/v1/sites/import");
  // @ts-expect-error an upload without its path parameters
  await uploadWithProgress("/api/v1/submissions/{submission_id}/files", {}, new FormData());
}
