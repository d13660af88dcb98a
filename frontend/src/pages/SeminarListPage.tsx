import { useState } from "react";
import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { listSeminars } from "../api/endpoints";
import { EmptyState, ErrorMessage, Loading } from "../components/Feedback";
import { Pager } from "../components/Pager";
import { StatusBadge } from "../components/StatusBadge";
import { formatDateTime, formatNumber } from "../lib/format";

const LIMIT = 20;

export function SeminarListPage() {
  const { t } = useTranslation();
  const [offset, setOffset] = useState(0);
  const q = useQuery({
    queryKey: ["seminars", { offset }],
    queryFn: () => listSeminars(LIMIT, offset),
    placeholderData: keepPreviousData,
  });

  return (
    <section>
      <div className="page-head">
        <h1>{t("seminars.title")}</h1>
        <Link to="/seminars/new" className="btn btn-primary" data-testid="new-seminar">
          {t("seminars.new")}
        </Link>
      </div>
      {q.isPending && <Loading />}
      {q.error && <ErrorMessage error={q.error} onRetry={() => q.refetch()} />}
      {q.data && q.data.items.length === 0 && <EmptyState>{t("seminars.empty")}</EmptyState>}
      {q.data && q.data.items.length > 0 && (
        <div className="table-wrap">
          <table className="table" data-testid="seminar-table">
            <thead>
              <tr>
                <th scope="col">{t("seminar.title")}</th>
                <th scope="col">{t("seminar.status")}</th>
                <th scope="col">{t("seminar.starts_at")}</th>
                <th scope="col" className="num">{t("seminars.sites")}</th>
                <th scope="col" className="num">{t("seminar.expected_attendance")}</th>
              </tr>
            </thead>
            <tbody>
              {q.data.items.map((s) => (
                <tr key={s.id}>
                  <td data-label={t("seminar.title")}>
                    <Link to={`/seminars/${s.id}`}>{s.title}</Link>
                    {s.venue && <div className="muted small">{s.venue}</div>}
                  </td>
                  <td data-label={t("seminar.status")}>
                    <StatusBadge status={s.status} />
                  </td>
                  <td data-label={t("seminar.starts_at")}>{formatDateTime(s.starts_at, s.timezone)}</td>
                  <td data-label={t("seminars.sites")} className="num">
                    {s.sites_invited !== undefined ? formatNumber(s.sites_invited) : "—"}
                  </td>
                  <td data-label={t("seminar.expected_attendance")} className="num">
                    {s.expected_attendance != null ? formatNumber(s.expected_attendance) : "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {q.data && <Pager total={q.data.total} limit={LIMIT} offset={offset} onChange={setOffset} />}
    </section>
  );
}
