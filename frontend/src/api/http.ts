/**
 * The one way to call the API: typed from the OpenAPI paths of the generated `schema.d.ts`.
 *
 *   const page = await api.GET("/api/v1/seminars/{seminar_id}/sites", {
 *     params: { path: { seminar_id: id }, query: { parent_id, limit: 50 } },
 *   });
 *
 * A path, method, parameter or body that does not match the backend fails `tsc -b`
 * (src/api/http.typecheck.ts proves it). Every call:
 * - sends `Authorization: Bearer <token>` (`api`; `publicApi` sends none: public pages, site tokens),
 * - sends `Accept-Language` = the UI's language, so refusals come back in it,
 * - resolves to the success body (undefined on 204), and rejects with `ApiError`
 *   (detail/code/params/fieldErrors/lineErrors/retryAfter); a 401 on an authenticated call
 *   dispatches UNAUTHORIZED_EVENT (the app signs out).
 * Files: `fetchFile` / `downloadFile` (GET → blob, server's file name), `uploadWithProgress`
 * (multipart POST with progress through XMLHttpRequest), `apiUrl` (a plain link).
 */
import createClient, { defaultPathSerializer, type FetchResponse, type MaybeOptionalInit, type Middleware } from "openapi-fetch";
import type { HttpMethod, MediaType, PathsWithMethod, RequiredKeysOf } from "openapi-typescript-helpers";
import {
  ApiError,
  currentLanguage,
  errorFromResponse,
  filenameFromContentDisposition,
  getToken,
  parseRetryAfter,
  saveBlob,
  type UploadProgress,
} from "./client";
import type { components, paths } from "./schema";

export { ApiError, UNAUTHORIZED_EVENT, type UploadProgress } from "./client";

/** A generated schema by name: `Schema<"SeminarRead">`. */
export type Schema<K extends keyof components["schemas"]> = components["schemas"][K];

type Paths = paths;
type Method = Extract<HttpMethod, "get" | "post" | "put" | "patch" | "delete">;
/** The second argument: required when the operation has required parameters or a body. */
type InitArg<I> = RequiredKeysOf<I> extends never ? [init?: I] : [init: I];
type Fetched<P extends keyof Paths, M extends Method, I> = FetchResponse<
  Paths[P][M] & Record<string | number, unknown>,
  I,
  MediaType
>;
/** The success body of `M path` (with `parseAs` honoured: "blob" → Blob). */
export type ApiData<P extends keyof Paths, M extends Method, I = object> = Exclude<Fetched<P, M, I>["data"], undefined>;
/** The query parameters of `GET path` (for query keys and filter state). */
export type ApiQuery<P extends PathsWithMethod<Paths, "get">> = NonNullable<
  Paths[P]["get"] extends { parameters: { query?: infer Q } } ? Q : never
>;

/** Bearer token (unless `anonymous`), Accept-Language, and JSON unless said otherwise. */
function headersMiddleware(anonymous: boolean): Middleware {
  return {
    onRequest({ request }) {
      if (!request.headers.has("Accept")) request.headers.set("Accept", "application/json");
      request.headers.set("Accept-Language", currentLanguage());
      const token = anonymous ? null : getToken();
      if (token) request.headers.set("Authorization", `Bearer ${token}`);
      return request;
    },
  };
}

function makeClient(anonymous: boolean) {
  // fetch looked up at call time (not captured once), so the page's and the tests' fetch is used.
  // An absolute base: `new Request` cannot resolve a relative URL outside a page (unit tests in node).
  const baseUrl = typeof location !== "undefined" && location.origin !== "null" ? location.origin : "http://localhost";
  const client = createClient<Paths>({ baseUrl, fetch: (request) => globalThis.fetch(request) });
  client.use(headersMiddleware(anonymous));
  return client;
}

type RawClient = ReturnType<typeof makeClient>;

async function settle<T>(call: () => Promise<{ data?: T; error?: unknown; response: Response }>, authenticated: boolean): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call();
  } catch (e) {
    if ((e as Error)?.name === "AbortError") throw e;
    throw new ApiError(0, "", { network: true });
  }
  const { response } = result;
  if (!response.ok) {
    const error = errorFromResponse(response.status, response.statusText, result.error, authenticated);
    error.retryAfter = parseRetryAfter(response.headers.get("Retry-After"));
    throw error;
  }
  return result.data as T;
}

type Caller<M extends Method> = <P extends PathsWithMethod<Paths, M>, I extends MaybeOptionalInit<Paths[P], M>>(
  path: P,
  ...init: InitArg<I>
) => Promise<ApiData<P, M, I>>;

export interface Api {
  GET: Caller<"get">;
  POST: Caller<"post">;
  PUT: Caller<"put">;
  PATCH: Caller<"patch">;
  DELETE: Caller<"delete">;
  /** The openapi-fetch client underneath (answers {data, error, response}, never throws ApiError). */
  raw: RawClient;
}

function makeApi(anonymous: boolean): Api {
  const raw = makeClient(anonymous);
  const caller = (method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE") =>
    ((path: string, init?: object) =>
      settle(
        // The typed signature is `Caller`; the untyped call underneath is the same function.
        () => (raw[method] as (p: string, i?: object) => Promise<{ data?: unknown; response: Response }>)(path, init),
        !anonymous && !!getToken(),
      )) as never;
  return { GET: caller("GET"), POST: caller("POST"), PUT: caller("PUT"), PATCH: caller("PATCH"), DELETE: caller("DELETE"), raw };
}

/** Calls as the signed-in user (bearer token). */
export const api: Api = makeApi(false);
/** Calls without the user's token: public pages, and site pages (they send `X-Site-Token` in `headers`). */
export const publicApi: Api = makeApi(true);

/** Headers of a site page's calls (`publicApi`): the site link's token instead of a user's. */
export const siteAuth = (token: string) => ({ "X-Site-Token": token });

/** A `bodySerializer` for multipart bodies: `{ body: { file }, bodySerializer: asFormData }`. */
export function asFormData(body: unknown): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (v === undefined || v === null) continue;
    if (v instanceof File) form.append(k, v, v.name);
    else if (v instanceof Blob) form.append(k, v);
    else form.append(k, String(v));
  }
  return form;
}

/** Headers of a form-encoded body (OAuth2 token): the default serializer then sends URLSearchParams. */
export const FORM_URLENCODED = { "Content-Type": "application/x-www-form-urlencoded" } as const;

type PathParams<P extends keyof Paths, M extends Method> = Paths[P][M] extends { parameters: { path: infer A } }
  ? A
  : Paths[P][M] extends { parameters: { path?: infer B } }
    ? NonNullable<B>
    : never;
/** `[params]` when the path has parameters, nothing otherwise. */
type PathArg<P extends keyof Paths, M extends Method> = [PathParams<P, M>] extends [never] ? [] : [params: PathParams<P, M>];

/**
 * The URL of a path with its parameters filled in, for a plain link (`<a href>`: no token,
 * so only for public files such as calendar.ics) or an XMLHttpRequest.
 */
export function apiUrl<P extends PathsWithMethod<Paths, "get"> | PathsWithMethod<Paths, "post">>(
  path: P,
  params?: Record<string, string | number>,
  query?: Record<string, string | number | boolean | null | undefined>,
): string {
  const base = params ? defaultPathSerializer(path, params) : path;
  if (!query) return base;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== "") qs.set(k, String(v));
  const s = qs.toString();
  return s ? `${base}?${s}` : base;
}

/** GET a file with the bearer token (links cannot carry it) → blob and the server's file name. */
export async function fetchFile<P extends PathsWithMethod<Paths, "get">>(
  path: P,
  ...params: PathArg<P, "get">
): Promise<{ blob: Blob; filename: string | null }> {
  const authenticated = !!getToken();
  let filename: string | null = null;
  const blob = await settle(async () => {
    const r = await (api.raw.GET as (p: string, i?: object) => Promise<{ data?: Blob; error?: unknown; response: Response }>)(path, {
      params: { path: params[0] },
      parseAs: "blob",
      headers: { Accept: "*/*" },
    });
    filename = filenameFromContentDisposition(r.response.headers.get("Content-Disposition"));
    return r;
  }, authenticated);
  return { blob, filename };
}

/** A file to fetch with the token, typed from its path: what `useDownload` takes. */
export interface FileRef {
  /** The URL (also a stable key: which download is pending). */
  url: string;
  fetch: () => Promise<{ blob: Blob; filename: string | null }>;
}

export function fileRef<P extends PathsWithMethod<Paths, "get">>(path: P, ...params: PathArg<P, "get">): FileRef {
  return {
    url: apiUrl(path, params[0] as Record<string, string | number> | undefined),
    fetch: () => fetchFile(path, ...params),
  };
}

/** Authenticated download: fetch → blob → saved under the server's file name (or `fallbackName`). */
export async function downloadFile<P extends PathsWithMethod<Paths, "get">>(
  fallbackName: string,
  path: P,
  ...params: PathArg<P, "get">
): Promise<void> {
  const { blob, filename } = await fetchFile(path, ...params);
  saveBlob(blob, filename || fallbackName);
}

/**
 * POST a multipart form with XMLHttpRequest, to report upload progress (fetch cannot).
 * Same headers and errors as `api`. Aborting rejects with an AbortError DOMException.
 */
export function uploadWithProgress<P extends PathsWithMethod<Paths, "post">>(
  path: P,
  params: PathParams<P, "post">,
  form: FormData,
  onProgress?: (p: UploadProgress) => void,
  signal?: AbortSignal,
): Promise<ApiData<P, "post">> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const token = getToken();
    xhr.open("POST", apiUrl(path, params as Record<string, string | number>));
    xhr.setRequestHeader("Accept", "application/json");
    xhr.setRequestHeader("Accept-Language", currentLanguage());
    if (token) xhr.setRequestHeader("Authorization", `Bearer ${token}`);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress?.({ loaded: e.loaded, total: e.total });
    };
    xhr.onload = () => {
      let data: unknown = undefined;
      if (xhr.responseText) {
        try {
          data = JSON.parse(xhr.responseText);
        } catch {
          data = xhr.responseText;
        }
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(data as ApiData<P, "post">);
      else {
        const error = errorFromResponse(xhr.status, xhr.statusText, data, !!token);
        error.retryAfter = parseRetryAfter(xhr.getResponseHeader("Retry-After"));
        reject(error);
      }
    };
    // A server that refuses a too-large body early may close the connection mid-upload.
    xhr.onerror = () => reject(new ApiError(0, "", { network: true }));
    xhr.onabort = () => reject(new DOMException("Upload aborted", "AbortError"));
    if (signal) {
      if (signal.aborted) {
        reject(new DOMException("Upload aborted", "AbortError"));
        return;
      }
      signal.addEventListener("abort", () => xhr.abort(), { once: true });
    }
    xhr.send(form);
  });
}
