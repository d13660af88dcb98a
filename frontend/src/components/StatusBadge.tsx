import { useTranslation } from "react-i18next";

export function StatusBadge({ status, kind = "seminar" }: { status: string; kind?: "seminar" | "site" | "agenda" | "submission" }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge-${status}`} data-status={status}>
      {t(`status.${kind}.${status}`, { defaultValue: status })}
    </span>
  );
}
