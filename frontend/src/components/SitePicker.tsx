import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "@tanstack/react-query";
import { api } from "../api/http";
import { queryKeys } from "../api/queryKeys";
import { useDebounced } from "../lib/hooks";
import { useDirectoryPage } from "./useDirectory";

interface Props {
  id: string;
  label: string;
  value: number | null;
  onChange: (id: number | null) => void;
  excludeId?: number;
  describedBy?: string;
}

/** Pick one site of the directory: a search box narrowing a select (works for large directories). */
export function SitePicker({ id, label, value, onChange, excludeId, describedBy }: Props) {
  const { t } = useTranslation();
  const [q, setQ] = useState("");
  const dq = useDebounced(q.trim(), 250);
  // The server's first 50 matches, already in Vietnamese order: the directory may hold 40,000.
  const results = useDirectoryPage({ q: dq || undefined, limit: 50 });
  const current = useQuery({
    queryKey: queryKeys.sites.detail(value ?? 0),
    queryFn: () => api.GET("/api/v1/sites/{site_id}", { params: { path: { site_id: value! } } }),
    enabled: value != null,
  });
  const options = (results.data?.items ?? []).filter((s) => s.id !== excludeId);
  if (current.data && !options.some((o) => o.id === current.data!.id)) options.unshift(current.data);
  return (
    <div className="site-picker">
      <input
        type="search"
        aria-label={t("sitePicker.search", { label })}
        placeholder={t("sitePicker.placeholder")}
        value={q}
        onChange={(e) => setQ(e.target.value)}
      />
      <select
        id={id}
        aria-describedby={describedBy}
        value={value ?? ""}
        onChange={(e) => onChange(e.target.value ? Number(e.target.value) : null)}
      >
        <option value="">{t("sitePicker.none")}</option>
        {options.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name} ({s.code})
          </option>
        ))}
      </select>
      {results.isFetching && <span className="muted small" role="status">{t("common.loading")}</span>}
    </div>
  );
}
