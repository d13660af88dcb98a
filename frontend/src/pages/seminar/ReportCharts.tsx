import { useTranslation } from "react-i18next";
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ReportLevel } from "../../api/types";
import { formatDate, formatDateTime, formatNumber, formatTime } from "../../lib/format";
import type { ChartPoint } from "../../lib/report";

const BRAND = "#8b1a1a";
const ACCENT = "#c8961e";
const MUTED = "#9aa1ad";
const num = (v: unknown) => (typeof v === "number" ? formatNumber(v) : String(v ?? ""));

/** Total people over time: the headcount at the end of each interval and the peak within it. */
export function TimelineChart({ data, timeZone }: { data: ChartPoint[]; timeZone: string }) {
  const { t } = useTranslation();
  // Ticks show the time only, unless the event spans more than one day (seminar zone).
  const sameDay = data.length < 2 || formatDate(data[0].t, timeZone) === formatDate(data[data.length - 1].t, timeZone);
  return (
    <ResponsiveContainer width="100%" height={300} initialDimension={{ width: 600, height: 300 }}>
      <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
        <XAxis
          dataKey="t"
          type="number"
          scale="time"
          domain={["dataMin", "dataMax"]}
          tickFormatter={(v: number) => (sameDay ? formatTime(v, timeZone) : formatDateTime(v, timeZone))}
          minTickGap={24}
        />
        <YAxis allowDecimals={false} tickFormatter={num} width={56} />
        <Tooltip labelFormatter={(v) => formatDateTime(v as number, timeZone)} formatter={(v, name) => [num(v), name]} />
        <Legend />
        <Line type="linear" dataKey="headcount" name={t("report.seriesHeadcount")} stroke={BRAND} strokeWidth={2} dot={data.length <= 3} isAnimationActive={false} />
        <Line type="linear" dataKey="peak" name={t("report.seriesPeak")} stroke={ACCENT} strokeDasharray="5 4" dot={data.length <= 3} isAnimationActive={false} />
      </LineChart>
    </ResponsiveContainer>
  );
}

/** Remote sites per level of the directory: connected (ever checked in) and never connected. */
export function LevelChart({ levels }: { levels: ReportLevel[] }) {
  const { t } = useTranslation();
  const data = levels.map((l) => ({ label: t(`level.${l.level}`), connected: l.connected, never: l.never_connected }));
  return (
    <ResponsiveContainer width="100%" height={260} initialDimension={{ width: 600, height: 260 }}>
      <BarChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" vertical={false} />
        <XAxis dataKey="label" />
        <YAxis allowDecimals={false} tickFormatter={num} width={56} />
        <Tooltip formatter={(v, name) => [num(v), name]} />
        <Legend />
        <Bar dataKey="connected" stackId="sites" name={t("report.seriesConnected")} fill={BRAND} isAnimationActive={false} />
        <Bar dataKey="never" stackId="sites" name={t("report.seriesNever")} fill={MUTED} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
