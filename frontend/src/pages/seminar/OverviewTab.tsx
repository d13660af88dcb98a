import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/http";
import { queryKeys } from "../../api/queryKeys";
import type { Seminar } from "../../api/types";
import { formatDateTime, formatNumber } from "../../lib/format";

export function OverviewTab({ seminar: s }: { seminar: Seminar }) {
  const { t } = useTranslation();
  const main = useQuery({
    queryKey: queryKeys.sites.detail(s.main_site_id ?? 0),
    queryFn: () => api.GET("/api/v1/sites/{site_id}", { params: { path: { site_id: s.main_site_id! } } }),
    enabled: s.main_site_id != null,
  });
  const declinedQuery = { status: "declined", limit: 1 } as const;
  // Counts come with the seminar; only "declined" needs a (one-row) query.
  const declined = useQuery({
    queryKey: queryKeys.seminar.sites(s.id, declinedQuery),
    queryFn: () => api.GET("/api/v1/seminars/{seminar_id}/sites", { params: { path: { seminar_id: s.id }, query: declinedQuery } }),
    // The cache keeps the page (the shape every seminar-sites key holds); this tab needs its total only.
    select: (page) => page.total,
  });
  const tz = s.timezone;
  const dash = "—";
  return (
    <div className="overview">
      <div className="stats" aria-live="polite">
        <div className="stat">
          <span className="stat-value">{s.sites_invited != null ? formatNumber(s.sites_invited) : dash}</span>
          <span className="stat-label">{t("overview.sitesInvited")}</span>
        </div>
        <div className="stat">
          <span className="stat-value">{s.sites_registered != null ? formatNumber(s.sites_registered) : dash}</span>
          <span className="stat-label">{t("overview.sitesRegistered")}</span>
        </div>
        <div className="stat">
          <span className="stat-value">{declined.data != null ? formatNumber(declined.data) : dash}</span>
          <span className="stat-label">{t("overview.sitesDeclined")}</span>
        </div>
        <div className="stat">
          <span className="stat-value">{s.expected_attendance != null ? formatNumber(s.expected_attendance) : dash}</span>
          <span className="stat-label">{t("seminar.expected_attendance")}</span>
        </div>
      </div>
      <dl className="details card">
        <dt>{t("seminar.starts_at")}</dt>
        <dd>{formatDateTime(s.starts_at, tz) || dash}</dd>
        <dt>{t("seminar.ends_at")}</dt>
        <dd>{formatDateTime(s.ends_at, tz) || dash}</dd>
        <dt>{t("seminar.registration_closes_at")}</dt>
        <dd>{formatDateTime(s.registration_closes_at, tz) || t("overview.untilEnd")}</dd>
        <dt>{t("seminar.timezone")}</dt>
        <dd>{tz}</dd>
        <dt>{t("seminar.mode")}</dt>
        <dd>{t(`mode.${s.mode}`)}</dd>
        <dt>{t("seminar.venue")}</dt>
        <dd>{s.venue || dash}</dd>
        <dt>{t("seminar.organizer_unit")}</dt>
        <dd>{s.organizer_unit || dash}</dd>
        <dt>{t("seminar.main_site_id")}</dt>
        <dd>{s.main_site_id == null ? dash : main.data ? `${main.data.name} (${main.data.code})` : `#${s.main_site_id}`}</dd>
        <dt>{t("seminar.slug")}</dt>
        <dd>
          <code>{s.slug}</code>
        </dd>
        <dt>{t("overview.links")}</dt>
        <dd className="link-list">
          <Link to={`/s/${s.slug}`} target="_blank" rel="noopener">
            {t("overview.publicPage")}
          </Link>
          <Link to={`/display/${s.slug}`} target="_blank" rel="noopener">
            {t("overview.displayPage")}
          </Link>
        </dd>
      </dl>
      {s.description && (
        <section className="card">
          <h2>{t("seminar.description")}</h2>
          <p className="prewrap">{s.description}</p>
        </section>
      )}
    </div>
  );
}
