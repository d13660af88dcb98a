import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { LanguageSwitcher } from "./LanguageSwitcher";

export function Brand() {
  const { t } = useTranslation();
  return (
    <span className="brand">
      <img src="/favicon.svg" alt="" width={28} height={28} />
      <span>{t("app.name")}</span>
    </span>
  );
}

export function PublicLayout({ children, wide, actions }: { children: ReactNode; wide?: boolean; actions?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t("nav.skip")}
      </a>
      <header className="topbar">
        <Brand />
        <div className="topbar-right">
          <LanguageSwitcher />
          {actions}
        </div>
      </header>
      <main id="main" className={wide ? "content content-wide" : "content content-narrow"}>
        {children}
      </main>
    </div>
  );
}
