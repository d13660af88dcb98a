import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "@tanstack/react-query";
import { getSite, searchSites } from "../api/endpoints";
import { useDebounced } from "../lib/hooks";
import { compareVi } from "../lib/format";

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
  const results = useQuery({ queryKey: ["sites", "search", dq], queryFn: () => searchSites(dq, 50) });
  const current = useQuery({
    queryKey: ["sites", value],
    queryFn: () => getSite(value!),
    enabled: value != null,
  });
  const options = [...(results.data?.items ?? [])].filter((s) => s.id !== excludeId).sort((a, b) => compareVi(a.name, b.name));
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
