import { useTranslation } from "react-i18next";
import { LANGUAGES, setLanguage, type Language } from "../i18n";

export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  const current = (i18n.resolvedLanguage ?? "vi") as Language;
  return (
    <div className="lang-switch" role="group" aria-label={t("language.label")}>
      {LANGUAGES.map((lng) => (
        <button
          key={lng}
          type="button"
          lang={lng}
          className={lng === current ? "active" : ""}
          aria-pressed={lng === current}
          data-testid={`lang-${lng}`}
          title={t(`language.${lng}`)}
          onClick={() => void setLanguage(lng)}
        >
          <span aria-hidden="true">{t(`language.short_${lng}`)}</span>
          <span className="sr-only">{t(`language.${lng}`)}</span>
        </button>
      ))}
    </div>
  );
}
