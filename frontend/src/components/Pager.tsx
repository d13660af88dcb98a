import { useTranslation } from "react-i18next";
import { formatNumber } from "../lib/format";

export function Pager({ total, limit, offset, onChange }: { total: number; limit: number; offset: number; onChange: (offset: number) => void }) {
  const { t } = useTranslation();
  if (total <= limit) return null;
  const from = total === 0 ? 0 : offset + 1;
  const to = Math.min(offset + limit, total);
  return (
    <nav className="pager" aria-label={t("pager.label")}>
      <button type="button" className="btn btn-small" disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - limit))}>
        {t("pager.previous")}
      </button>
      <span>{t("pager.range", { from: formatNumber(from), to: formatNumber(to), total: formatNumber(total) })}</span>
      <button type="button" className="btn btn-small" disabled={to >= total} onClick={() => onChange(offset + limit)}>
        {t("pager.next")}
      </button>
    </nav>
  );
}
