/**
 * Small typed fetch client for /api/v1.
 * - sends `Authorization: Bearer <token>` (token kept in localStorage)
 * - turns `{"detail": ...}` errors (string, FastAPI validation list, or {message, errors}) into ApiError
 */
export const API_PREFIX = "/api/v1";
const TOKEN_KEY = "diemcau.token";
export const UNAUTHORIZED_EVENT = "diemcau:unauthorized";

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
}

export class ApiError extends Error {
  readonly status: number;
  readonly detail: unknown;
  /** field name → message, from FastAPI validation errors (loc's last element). */
  readonly fieldErrors: Record<string, string>;
  /** per-line errors, e.g. from CSV import: detail {message, errors:[{line, error}]} */
  readonly lineErrors: LineError[];

  constructor(status: number, message: string, detail?: unknown) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.detail = detail;
    const parsed = parseDetail(detail);
    this.fieldErrors = parsed.fieldErrors;
    this.lineErrors = parsed.lineErrors;
  }
}

interface ParsedDetail {
  message: string | null;
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

/** Parse FastAPI-style `detail` into a readable message and structured parts. */
export function parseDetail(detail: unknown): ParsedDetail {
  const out: ParsedDetail = { message: null, fieldErrors: {}, lineErrors: [] };
  if (detail === null || detail === undefined) return out;
  if (typeof detail === "string") {
    out.message = detail;
    return out;
  }
  if (Array.isArray(detail)) {
    const msgs: string[] = [];
    for (const e of detail) {
      if (e && typeof e === "object" && "msg" in e) {
        const field = locToField((e as { loc?: unknown }).loc);
        const msg = String((e as { msg: unknown }).msg);
        if (field && !(field in out.fieldErrors)) out.fieldErrors[field] = msg;
        if (
          e &&
          typeof e === "object" &&
          "line" in e &&
          typeof (e as { line: unknown }).line === "number"
        ) {
          out.lineErrors.push({ line: (e as { line: number }).line, error: msg });
        }
        msgs.push(field ? `${field}: ${msg}` : msg);
      } else if (e && typeof e === "object" && "error" in e) {
        const le = e as { line?: unknown; error: unknown };
        out.lineErrors.push({ line: typeof le.line === "number" ? le.line : null, error: stringify(le.error) });
      } else {
        msgs.push(stringify(e));
      }
    }
    out.message = msgs.join("; ") || null;
    return out;
  }
  if (typeof detail === "object") {
    const d = detail as { message?: unknown; msg?: unknown; errors?: unknown };
    if (typeof d.message === "string") out.message = d.message;
    else if (typeof d.msg === "string") out.message = d.msg;
    if (Array.isArray(d.errors)) {
      const inner = parseDetail(d.errors);
      out.lineErrors = inner.lineErrors;
      out.fieldErrors = inner.fieldErrors;
      if (!out.message) out.message = inner.message;
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
  const headers: Record<string, string> = { Accept: "application/json", ...(opts.headers ?? {}) };
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
  const text = await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = text;
    }
  }
  if (!res.ok) {
    const detail = data && typeof data === "object" && "detail" in data ? (data as { detail: unknown }).detail : data;
    const parsed = parseDetail(detail);
    const message = parsed.message ?? (typeof detail === "string" ? detail : res.statusText);
    if (res.status === 401 && token) {
      window.dispatchEvent(new CustomEvent(UNAUTHORIZED_EVENT));
    }
    throw new ApiError(res.status, message || `HTTP ${res.status}`, detail);
  }
  return data as T;
}

/** Lists answer {items,total}; tolerate a bare array too. */
export function itemsOf<T>(data: { items: T[]; total?: number } | T[] | null | undefined): T[] {
  if (!data) return [];
  return Array.isArray(data) ? data : data.items ?? [];
}
