/**
 * What every API call shares (the calls themselves are typed in `./http`): the bearer token kept in
 * localStorage, the UI's language for Accept-Language, and error bodies `{detail, code, params?, errors?}`
 * turned into ApiError (`errors` entries name a field with `loc` or a line of an imported file with `line`).
 */
import i18n from "i18next";

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

/** Retry-After in seconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
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
