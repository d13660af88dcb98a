import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import { PublicLayout } from "../components/Layout";

/** Speaker portal. Placeholder until the submissions issue lands. */
export function SpeakerPage() {
  const { t } = useTranslation();
  return (
    <PublicLayout>
      <section className="card" data-testid="speaker-page">
        <h1>{t("speaker.title")}</h1>
        <p>{t("speaker.placeholder")}</p>
        <Link to="/login?next=/speaker" className="btn btn-primary">
          {t("auth.signIn")}
        </Link>
      </section>
    </PublicLayout>
  );
}
