/**
 * Formatting helpers. Always Vietnamese conventions (vi-VN) whatever the UI language:
 * dd/MM/yyyy, 24-hour HH:mm, thousands separator ".", decimal ",".
 * Times are shown in a given IANA time zone (the seminar's), default Asia/Ho_Chi_Minh.
 */
export const DEFAULT_TZ = "Asia/Ho_Chi_Minh";
export const LOCALE = "vi-VN";

type DateInput = Date | string | number | null | undefined;

function toDate(value: DateInput): Date | null {
  if (value === null || value === undefined || value === "") return null;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

const dtfCache = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = dtfCache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALE, {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    });
    dtfCache.set(timeZone, f);
  }
  return f;
}

export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** Wall-clock parts of an instant in a time zone. */
export function zonedParts(date: Date, timeZone: string = DEFAULT_TZ): ZonedParts {
  const out: Record<string, number> = {};
  for (const p of partsFormatter(timeZone).formatToParts(date)) {
    if (p.type !== "literal") out[p.type] = Number(p.value);
  }
  return {
    year: out.year,
    month: out.month,
    day: out.day,
    hour: out.hour === 24 ? 0 : out.hour,
    minute: out.minute,
    second: out.second,
  };
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** 19/07/2025 */
export function formatDate(value: DateInput, timeZone: string = DEFAULT_TZ): string {
  const d = toDate(value);
  if (!d) return "";
  const p = zonedParts(d, timeZone);
  return `${pad(p.day)}/${pad(p.month)}/${pad(p.year, 4)}`;
}

/** 08:00 (24-hour) */
export function formatTime(value: DateInput, timeZone: string = DEFAULT_TZ): string {
  const d = toDate(value);
  if (!d) return "";
  const p = zonedParts(d, timeZone);
  return `${pad(p.hour)}:${pad(p.minute)}`;
}

/** 19/07/2025 08:00 */
export function formatDateTime(value: DateInput, timeZone: string = DEFAULT_TZ): string {
  const d = toDate(value);
  if (!d) return "";
  return `${formatDate(d, timeZone)} ${formatTime(d, timeZone)}`;
}

const numberFmt = new Intl.NumberFormat(LOCALE);
/** 1.100 */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "";
  return numberFmt.format(value);
}

const percentFmt = new Intl.NumberFormat(LOCALE, { style: "percent", maximumFractionDigits: 1 });
/** ratio 0.122 → "12,2%" */
export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || Number.isNaN(ratio)) return "";
  return percentFmt.format(ratio);
}

const collator = new Intl.Collator("vi");
/** Vietnamese-aware string comparison for sorting names. */
export function compareVi(a: string | null | undefined, b: string | null | undefined): number {
  return collator.compare(a ?? "", b ?? "");
}

/** Offset of a time zone at an instant, in minutes (UTC+7 → 420). */
export function tzOffsetMinutes(date: Date, timeZone: string = DEFAULT_TZ): number {
  const p = zonedParts(date, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  const actual = Math.floor(date.getTime() / 1000) * 1000;
  return Math.round((asUtc - actual) / 60000);
}

function offsetString(minutes: number): string {
  const sign = minutes >= 0 ? "+" : "-";
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * An instant as the value of an <input type="datetime-local"> ("2025-07-19T08:00"),
 * showing the wall clock of the given time zone.
 */
export function isoToZonedInput(value: DateInput, timeZone: string = DEFAULT_TZ): string {
  const d = toDate(value);
  if (!d) return "";
  const p = zonedParts(d, timeZone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/**
 * A datetime-local value ("2025-07-19T08:00"), read as wall clock in the given time zone,
 * to ISO 8601 with that zone's offset ("2025-07-19T08:00:00+07:00"). Empty → null.
 */
export function zonedInputToIso(value: string | null | undefined, timeZone: string = DEFAULT_TZ): string | null {
  if (!value) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? "00"].map(Number);
  const wallAsUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  // Two passes settle the offset around DST changes.
  let offset = tzOffsetMinutes(new Date(wallAsUtc), timeZone);
  offset = tzOffsetMinutes(new Date(wallAsUtc - offset * 60000), timeZone);
  return `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}${offsetString(offset)}`;
}

/** True if the string is a time zone this browser knows. */
export function isValidTimeZone(tz: string): boolean {
  if (!tz) return false;
  try {
    new Intl.DateTimeFormat(LOCALE, { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** A datetime-local value shown the Vietnamese way: "2025-07-19T08:00" → "19/07/2025 08:00". */
export function formatInputValue(value: string | null | undefined): string {
  const m = value ? /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value) : null;
  return m ? `${m[3]}/${m[2]}/${m[1]} ${m[4]}:${m[5]}` : "";
}

const sizeUnits = ["B", "KB", "MB", "GB", "TB"];
const sizeFmt = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 1 });
/**
 * A byte count for people, binary multiples with vi-VN decimals:
 * 512 → "512 B", 1536 → "1,5 KB", 1258291 → "1,2 MB", 20 MiB → "20 MB".
 */
export function formatFileSize(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || Number.isNaN(bytes) || bytes < 0) return "";
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < sizeUnits.length - 1) {
    value /= 1024;
    unit += 1;
  }
  // 1023,96 KB would round to "1.024 KB": show the next unit instead.
  if (unit < sizeUnits.length - 1 && Math.round(value * 10) / 10 >= 1024) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? formatNumber(value) : sizeFmt.format(value)} ${sizeUnits[unit]}`;
}

/** A calendar date as the API sends it ("2026-08-09", no time zone) → 09/08/2026. */
export function formatDay(value: string | null | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value ?? "");
  return m ? `${m[3]}/${m[2]}/${m[1]}` : "";
}
