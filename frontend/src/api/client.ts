/**
 * Small typed fetch client for /api/v1.
 * - sends `Authorization: Bearer <token>` (token kept in localStorage)
 * - sends `Accept-Language` = the UI's language, so refusals come back in it
 * - turns error bodies `{detail, code, params?, errors?}` into ApiError
 *   (`errors` entries name a field with `loc` or a line of an imported file with `line`)
 */
import i18n from "i18next";

export const API_PREFIX = "/api/v1";
const TOKEN_KEY = "diemcau.token";
export const UNAUTHORIZED_EVENT = "diemcau:unauthorized";

/** The language the server should answer in: the UI's (Vietnamese unless English is chosen). */
export function currentLanguage(): "vi" | "en" {
  const lang = i18n.resolvedLanguage ?? i18n.language ?? "";
  return lang.toLowerCase().startsWith("en") ? "en" : "vi";
}

export function getToken(): string | null {
  try {
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function setToken(token: string | null): void {
  try {
    if (token) localStorage.setItem(TOKEN_KEY, token);
    else localStorage.removeItem(TOKEN_KEY);
  } catch {
    /* storage unavailable: stay logged out */
  }
}

export interface LineError {
  line: number | null;
  error: string;
  code?: string;
}

/** One entry of an error body's `errors`: a field (`loc`) or a line of a file (`line`). */
export interface ErrorEntry {
  loc?: (string | number)[];
  line?: number;
  code?: string;
  type?: string;
  msg?: string;
  params?: Record<string, unknown>;
}

/** The JSON body of every refusal of the API. */
export interface ErrorBody {
  detail: string;
  code: string;
  params?: Record<string, unknown>;
  errors?: ErrorEntry[];
}

export class ApiError extends Error {
  readonly status: number;
  /** The body's `detail` (a string from our API; anything from elsewhere). */
  readonly detail: unknown;
  /** The stable error code (`seminar.transition`…), null when the answer had none. */
  readonly code: string | null;
  readonly params: Record<string, unknown>;
  /** field name → message, from `errors[].loc` (loc's last parts, without body/query/path). */
  readonly fieldErrors: Record<string, string>;
  /** per-line errors (CSV import: `errors[].line`), and problems that name no field. */
  readonly lineErrors: LineError[];
  /** Seconds the server asked to wait before retrying (Retry-After on 429/503). */
  retryAfter?: number;

  constructor(status: number, message: string, detail?: unknown, body?: unknown) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.detail = detail;
    const parsed = parseErrorBody(body !== undefined ? body : { detail });
    this.code = parsed.code;
    this.params = parsed.params;
    this.fieldErrors = parsed.fieldErrors;
    this.lineErrors = parsed.lineErrors;
  }
}

interface ParsedDetail {
  message: string | null;
  code: string | null;
  params: Record<string, unknown>;
  fieldErrors: Record<string, string>;
  lineErrors: LineError[];
}

function locToField(loc: unknown): string {
  if (!Array.isArray(loc)) return "";
  const parts = loc.filter((p) => p !== "body" && p !== "query" && p !== "path" && p !== "header");
  return parts.map(String).join(".");
}

function stringify(value: unknown): string {
  if (typeof value === "string") return value;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Read a list of error entries (`{loc|line, msg}`, or the older `{line, error}`). */
function readEntries(entries: unknown[], out: ParsedDetail): string[] {
  const msgs: string[] = [];
  for (const e of entries) {
    if (!isObject(e)) {
      msgs.push(stringify(e));
      continue;
    }
    const text = typeof e.msg === "string" ? e.msg : "error" in e ? stringify(e.error) : null;
    if (text === null) {
      msgs.push(stringify(e));
      continue;
    }
    const code = typeof e.code === "string" ? e.code : undefined;
    const field = locToField(e.loc);
    if (typeof e.line === "number") {
      out.lineErrors.push({ line: e.line, error: text, ...(code ? { code } : {}) });
    } else if (field) {
      if (!(field in out.fieldErrors)) out.fieldErrors[field] = text;
    } else {
      out.lineErrors.push({ line: null, error: text, ...(code ? { code } : {}) });
    }
    msgs.push(field ? `${field}: ${text}` : text);
  }
  return msgs;
}

/**
 * Parse an error body: ours is `{detail, code, params?, errors?}`; a bare FastAPI-style
 * `detail` (string, validation list, or `{message, errors}`) is read too.
 */
export function parseErrorBody(body: unknown): ParsedDetail {
  const out: ParsedDetail = { message: null, code: null, params: {}, fieldErrors: {}, lineErrors: [] };
  if (isObject(body) && "detail" in body) {
    const inner = parseDetail(body.detail);
    Object.assign(out, inner);
    if (typeof body.code === "string") out.code = body.code;
    if (isObject(body.params)) out.params = body.params;
    if (Array.isArray(body.errors)) {
      const listed = readEntries(body.errors, out);
      if (!out.message) out.message = listed.join("; ") || null;
    }
    return out;
  }
  return { ...out, ...parseDetail(body) };
}

/** Parse a `detail` alone (string, validation list, or `{message, errors}`). */
export function parseDetail(detail: unknown): ParsedDetail {
  const out: ParsedDetail = { message: null, code: null, params: {}, fieldErrors: {}, lineErrors: [] };
  if (detail === null || detail === undefined) return out;
  if (typeof detail === "string") {
    out.message = detail;
    return out;
  }
  if (Array.isArray(detail)) {
    out.message = readEntries(detail, out).join("; ") || null;
    return out;
  }
  if (isObject(detail)) {
    if (typeof detail.message === "string") out.message = detail.message;
    else if (typeof detail.msg === "string") out.message = detail.msg;
    if (Array.isArray(detail.errors)) {
      const listed = readEntries(detail.errors, out);
      if (!out.message) out.message = listed.join("; ") || null;
    }
    if (!out.message && out.lineErrors.length === 0) out.message = stringify(detail);
    return out;
  }
  out.message = String(detail);
  return out;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  method?: string;
  query?: Query;
  /** JSON body (objects), FormData or URLSearchParams are sent as such. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Send the user's bearer token (default true). */
  auth?: boolean;
  signal?: AbortSignal;
}

export function buildUrl(path: string, query?: Query): string {
  const url = path.startsWith("/api/") ? path : `${API_PREFIX}${path}`;
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== "") params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${url}?${qs}` : url;
}

export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    Accept: "application/json",
    "Accept-Language": currentLanguage(),
    ...(opts.headers ?? {}),
  };
  const token = opts.auth === false ? null : getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  let body: BodyInit | undefined;
  if (opts.body instanceof FormData || opts.body instanceof URLSearchParams) {
    body = opts.body;
  } else if (opts.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(buildUrl(path, opts.query), {
      method: opts.method ?? (body ? "POST" : "GET"),
      headers,
      body,
      signal: opts.signal,
    });
  } catch (e) {
    if ((e as Error)?.name === "AbortError") throw e;
    throw new ApiError(0, "", { network: true });
  }
  if (res.status === 204) return undefined as T;
  const data = parseBody(await res.text());
  if (!res.ok) {
    const error = errorFromResponse(res.status, res.statusText, data, !!token);
    error.retryAfter = parseRetryAfter(res.headers.get("Retry-After"));
    throw error;
  }
  return data as T;
}

/** Retry-After in seconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

function parseBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** ApiError from a failed answer's status and parsed body; a 401 on an authenticated call signs out. */
export function errorFromResponse(status: number, statusText: string, data: unknown, authenticated: boolean): ApiError {
  const detail = isObject(data) && "detail" in data ? data.detail : data;
  const parsed = parseErrorBody(data);
  // An HTML error page from a proxy (e.g. nginx's 413) is not a message for people.
  const text = typeof detail === "string" && /^\s*</.test(detail) ? null : parsed.message;
  const message = text ?? statusText;
  if (status === 401 && authenticated) {
    window.dispatchEvent(new CustomEvent(UNAUTHORIZED_EVENT));
  }
  return new ApiError(status, message || `HTTP ${status}`, detail, isObject(data) ? data : { detail });
}

export interface UploadProgress {
  loaded: number;
  total: number;
}

/**
 * POST a multipart form with XMLHttpRequest, to report upload progress (fetch cannot).
 * Same auth and error handling as `request`. Aborting rejects with an AbortError DOMException.
 */
export function uploadWithProgress<T>(
  path: string,
  form: FormData,
  onProgress?: (p: UploadProgress) => void,
  signal?: AbortSignal,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const token = getToken();
    xhr.open("POST", buildUrl(path));
    xhr.setRequestHeader("Accept", "application/json");
    xhr.setRequestHeader("Accept-Language", currentLanguage());
    if (token) xhr.setRequestHeader("Authorization", `Bearer ${token}`);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress?.({ loaded: e.loaded, total: e.total });
    };
    xhr.onload = () => {
      const data = parseBody(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) resolve(data as T);
      else reject(errorFromResponse(xhr.status, xhr.statusText, data, !!token));
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

/** The file name of a Content-Disposition header: RFC 6266 / 5987 `filename*` first, then `filename`. */
export function filenameFromContentDisposition(header: string | null | undefined): string | null {
  if (!header) return null;
  const star = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header);
  if (star) {
    const raw = star[2].trim().replace(/^"(.*)"$/, "$1");
    try {
      if (!star[1] || /^utf-8$/i.test(star[1].trim())) return decodeURIComponent(raw);
    } catch {
      /* malformed escapes: fall back to filename= */
    }
  }
  const plain = /(?:^|;)\s*filename\s*=\s*("((?:[^"\\]|\\.)*)"|[^;]+)/i.exec(header);
  if (plain) return (plain[2] !== undefined ? plain[2].replace(/\\(.)/g, "$1") : plain[1]).trim() || null;
  return null;
}

/** GET a file with the bearer token (links cannot carry it) → blob and its file name. */
export async function fetchBlob(path: string, query?: Query): Promise<{ blob: Blob; filename: string | null }> {
  const token = getToken();
  let res: Response;
  try {
    const headers: Record<string, string> = { "Accept-Language": currentLanguage() };
    if (token) headers.Authorization = `Bearer ${token}`;
    res = await fetch(buildUrl(path, query), { headers });
  } catch {
    throw new ApiError(0, "", { network: true });
  }
  if (!res.ok) throw errorFromResponse(res.status, res.statusText, parseBody(await res.text()), !!token);
  return { blob: await res.blob(), filename: filenameFromContentDisposition(res.headers.get("Content-Disposition")) };
}

/** Save a blob under a file name (the browser's download). */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  a.rel = "noopener";
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Authenticated download: fetch → blob → save with the server's file name (or `fallbackName`). */
export async function downloadFile(path: string, fallbackName: string): Promise<void> {
  const { blob, filename } = await fetchBlob(path);
  saveBlob(blob, filename || fallbackName);
}

/** Lists answer {items,total}; tolerate a bare array too. */
export function itemsOf<T>(data: { items: T[]; total?: number } | T[] | null | undefined): T[] {
  if (!data) return [];
  return Array.isArray(data) ? data : data.items ?? [];
}
