import { useState } from "react";
import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "../api/http";
import { queryKeys } from "../api/queryKeys";
import type { Seminar } from "../api/types";
import { DataTable, type Column } from "../components/DataTable";
import { StatusBadge } from "../components/StatusBadge";
import { formatDateTime, formatNumber } from "../lib/format";

const LIMIT = 20;

export function SeminarListPage() {
  const { t } = useTranslation();
  const [offset, setOffset] = useState(0);
  const paging = { limit: LIMIT, offset };
  const q = useQuery({
    queryKey: queryKeys.seminars.page(paging),
    queryFn: () => api.GET("/api/v1/seminars", { params: { query: paging } }),
    placeholderData: keepPreviousData,
  });
  const columns: Column<Seminar>[] = [
    {
      key: "title",
      header: t("seminar.title"),
      render: (s) => (
        <>
          <Link to={`/seminars/${s.id}`}>{s.title}</Link>
          {s.venue && <div className="muted small">{s.venue}</div>}
        </>
      ),
    },
    { key: "status", header: t("seminar.status"), render: (s) => <StatusBadge status={s.status} /> },
    { key: "starts_at", header: t("seminar.starts_at"), render: (s) => formatDateTime(s.starts_at, s.timezone) },
    { key: "sites", header: t("seminars.sites"), numeric: true, render: (s) => (s.sites_invited !== undefined ? formatNumber(s.sites_invited) : "—") },
    {
      key: "expected",
      header: t("seminar.expected_attendance"),
      numeric: true,
      render: (s) => (s.expected_attendance != null ? formatNumber(s.expected_attendance) : "—"),
    },
  ];

  return (
    <section>
      <div className="page-head">
        <h1>{t("seminars.title")}</h1>
        <Link to="/seminars/new" className="btn btn-primary" data-testid="new-seminar">
          {t("seminars.new")}
        </Link>
      </div>
      <DataTable
        testId="seminar-table"
        columns={columns}
        rows={q.data?.items}
        rowKey={(s) => s.id}
        loading={q.isFetching}
        error={q.error}
        onRetry={() => void q.refetch()}
        empty={t("seminars.empty")}
        paging={q.data ? { total: q.data.total, limit: LIMIT, offset, onChange: setOffset } : undefined}
      />
    </section>
  );
}
