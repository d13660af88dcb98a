import { useParams } from "react-router";
import { useTranslation } from "react-i18next";
import { useQuery } from "@tanstack/react-query";
import { getPublicSeminar } from "../api/endpoints";
import { ErrorMessage, Loading } from "../components/Feedback";
import { PublicLayout } from "../components/Layout";
import { DEFAULT_TZ, formatDateTime } from "../lib/format";

/** Big-screen live view. Placeholder: seminar header now; live totals arrive with the realtime issue. */
export function DisplayPage() {
  const { slug = "" } = useParams();
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ["public", slug], queryFn: () => getPublicSeminar(slug) });
  return (
    <PublicLayout wide>
      {q.isPending && <Loading />}
      {q.error && <ErrorMessage error={q.error} onRetry={() => q.refetch()} />}
      {q.data && (
        <section className="display-hero" data-testid="display-page">
          <h1>{q.data.title}</h1>
          <p>{formatDateTime(q.data.starts_at, q.data.timezone ?? DEFAULT_TZ)}</p>
          <p className="muted">{t("display.placeholder")}</p>
        </section>
      )}
    </PublicLayout>
  );
}
