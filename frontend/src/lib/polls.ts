/**
 * Polls on every screen (console, big screen, site page, the phones' /p page): pure helpers, tested in
 * polls.test.ts. Kept free of React and of the API client so the phones' chunk stays small.
 */
import { formatNumber, formatPercent } from "./format";

/** The five labels a new 1–5 scale starts with (the organizer may edit them). */
export const SCALE_LABELS_VI = ["Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng", "Rất hài lòng"] as const;

/** What a bar needs: a server option (`count`, maybe `percent_vi`) or a per-level row's counts. */
export interface BarInput {
  id: number;
  label: string;
  count: number;
  /** The server's "12,2%" when it sent one (same rounding as the report). */
  percent_vi?: string | null;
}

export interface Bar {
  id: number;
  label: string;
  count: number;
  countText: string;
  /** 0..1 of the responses (a multiple-choice poll's shares may add up to more than 1). */
  share: number;
  percentText: string;
  /** Bar length, 0..100, relative to the largest count (the leader fills the row). */
  width: number;
}

/** The share of `count` among `responses`, as the bar shows it: "12,2%" (nothing answered → "0%"). */
export function percentVi(count: number, responses: number): string {
  return formatPercent(responses > 0 ? count / responses : 0);
}

/**
 * Bars of a poll's options: counts in Vietnamese ("1.100"), percent of the responses ("12,2%", the server's
 * text when given), widths scaled to the leader so a small poll is still readable from the back of a hall.
 */
export function pollBars(options: readonly BarInput[], responses: number): Bar[] {
  const max = Math.max(0, ...options.map((o) => o.count));
  return options.map((o) => {
    const share = responses > 0 ? o.count / responses : 0;
    return {
      id: o.id,
      label: o.label,
      count: o.count,
      countText: formatNumber(o.count),
      share,
      percentText: o.percent_vi || formatPercent(share),
      width: max > 0 ? Math.round((o.count / max) * 1000) / 10 : 0,
    };
  });
}

/** A per-level row's counts (`[{option_id, count}]`) as bar inputs, in the poll's option order. */
export function levelBars(
  options: readonly { id: number; label: string }[],
  counts: readonly { option_id: number; count: number }[],
): BarInput[] {
  const by = new Map(counts.map((c) => [c.option_id, c.count]));
  return options.map((o) => ({ id: o.id, label: o.label, count: by.get(o.id) ?? 0 }));
}

/**
 * Per-site tally form: the numbers typed for each option, checked before sending. Single and scale polls:
 * each person answers once, so the sum is bounded by the headcount; multiple: each count is.
 * Returns the error key (i18n `polls.*`) or null; `headcount` null = not known (the server checks).
 */
export function tallyProblem(
  kind: string,
  values: readonly string[],
  headcount: number | null | undefined,
): null | { key: "tallyNotNumber" | "tallyOverHeadcount"; n?: number } {
  const numbers = values.map((v) => (v.trim() === "" ? 0 : Number(v)));
  if (numbers.some((n) => !Number.isInteger(n) || n < 0)) return { key: "tallyNotNumber" };
  if (headcount === null || headcount === undefined) return null;
  const over = kind === "multiple" ? numbers.some((n) => n > headcount) : numbers.reduce((a, b) => a + b, 0) > headcount;
  return over ? { key: "tallyOverHeadcount", n: headcount } : null;
}

/** The phone's answer to a poll: single/scale keep one option, multiple toggles. */
export function toggleChoice(kind: string, chosen: readonly number[], optionId: number): number[] {
  if (kind !== "multiple") return [optionId];
  return chosen.includes(optionId) ? chosen.filter((id) => id !== optionId) : [...chosen, optionId];
}

/** The public page of a per-person poll (what the QR encodes). */
export function pollLink(token: string, origin: string = typeof location !== "undefined" ? location.origin : ""): string {
  return `${origin}/p/${encodeURIComponent(token)}`;
}

/** The poll token of a `/p/<token>` path, or null. */
export function pollTokenOf(pathname: string): string | null {
  const m = /^\/p\/([^/]+)\/?$/.exec(pathname);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return null;
  }
}

export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export const DEVICE_KEY = "diemcau.poll-device";

function newUuid(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === "function") return c.randomUUID();
  // Older phones (and http:// on a LAN, where randomUUID is missing): v4 from getRandomValues.
  const b = new Uint8Array(16);
  if (c && typeof c.getRandomValues === "function") c.getRandomValues(b);
  else for (let i = 0; i < 16; i++) b[i] = Math.floor(Math.random() * 256);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** This browser's anonymous key (one answer per device): made once, kept in storage. */
export function deviceKey(storage: StorageLike | null = safeStorage()): string {
  const kept = storage?.getItem(DEVICE_KEY);
  if (kept && UUID.test(kept)) return kept;
  const key = newUuid();
  try {
    storage?.setItem(DEVICE_KEY, key);
  } catch {
    /* private mode: a key for this visit only */
  }
  return key;
}

function safeStorage(): StorageLike | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null;
  }
}

/** The options this device chose last time (shown checked when the page reopens). */
export function savedChoice(token: string, storage: StorageLike | null = safeStorage()): number[] {
  try {
    const v = JSON.parse(storage?.getItem(`diemcau.poll-choice.${token}`) ?? "[]") as unknown;
    return Array.isArray(v) ? v.filter((x): x is number => Number.isInteger(x)) : [];
  } catch {
    return [];
  }
}

export function saveChoice(token: string, optionIds: readonly number[], storage: StorageLike | null = safeStorage()): void {
  try {
    storage?.setItem(`diemcau.poll-choice.${token}`, JSON.stringify(optionIds));
  } catch {
    /* not kept: the server has the answer */
  }
}

/** A `poll` socket message: `{version, poll}`; null for anything else. */
export function pollMessageOf<P extends { poll_id: number }>(message: unknown): { version: number; poll: P } | null {
  const m = message as { version?: unknown; poll?: { poll_id?: unknown } } | null;
  if (!m || typeof m !== "object" || !m.poll || typeof m.poll.poll_id !== "number") return null;
  return { version: typeof m.version === "number" ? m.version : 0, poll: m.poll as P };
}

/**
 * Live results by poll: a message replaces the poll's entry unless an older version arrives late
 * (messages from two processes may cross). Returns the same map when nothing changed.
 */
export function applyPollMessage<P extends { poll_id: number }>(
  current: ReadonlyMap<number, { version: number; poll: P }>,
  message: { version: number; poll: P },
): ReadonlyMap<number, { version: number; poll: P }> {
  const known = current.get(message.poll.poll_id);
  if (known && known.version > message.version) return current;
  const next = new Map(current);
  next.set(message.poll.poll_id, message);
  return next;
}

/** The poll a big screen shows among those it may: an open one (the latest), else the latest closed or published. */
export function pollToShow<T extends { status: string; results: { poll_id: number } | null }>(polls: readonly T[]): T | null {
  const rank = (p: T) => (p.status === "open" ? 1 : 0);
  return [...polls.filter((p) => p.results)].sort((a, b) => rank(b) - rank(a) || b.results!.poll_id - a.results!.poll_id)[0] ?? null;
}
