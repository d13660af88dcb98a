import { Link, NavLink, Outlet, useNavigate } from "react-router";
import { useTranslation } from "react-i18next";
import type { ReactNode } from "react";
import { useAuth } from "../auth/AuthContext";
import { LanguageSwitcher } from "./LanguageSwitcher";

function Brand() {
  const { t } = useTranslation();
  return (
    <span className="brand">
      <img src="/favicon.svg" alt="" width={28} height={28} />
      <span>{t("app.name")}</span>
    </span>
  );
}

export function ConsoleLayout() {
  const { t } = useTranslation();
  const { user, signOut } = useAuth();
  const navigate = useNavigate();
  const isAdmin = user?.role === "admin";
  const canUseConsole = user?.role === "admin" || user?.role === "organizer";
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t("nav.skip")}
      </a>
      <header className="topbar">
        <Link to="/" className="brand-link" aria-label={t("nav.home")}>
          <Brand />
        </Link>
        <nav className="mainnav" aria-label={t("nav.main")}>
          <NavLink to="/" end>
            {t("nav.seminars")}
          </NavLink>
          <NavLink to="/directory">{t("nav.directory")}</NavLink>
          {isAdmin && <NavLink to="/users">{t("nav.users")}</NavLink>}
        </nav>
        <div className="topbar-right">
          <LanguageSwitcher />
          {user && (
            <span className="user-chip" title={user.email} data-testid="current-user">
              {user.full_name || user.email}
            </span>
          )}
          <button
            type="button"
            className="btn btn-small"
            data-testid="logout"
            onClick={async () => {
              await signOut();
              navigate("/login", { replace: true });
            }}
          >
            {t("auth.logout")}
          </button>
        </div>
      </header>
      <main id="main" className="content">
        {canUseConsole ? (
          <Outlet />
        ) : (
          <div className="alert alert-warning" role="alert">
            <p>{t("auth.notOrganizer")}</p>
            <Link to="/speaker">{t("nav.speaker")}</Link>
          </div>
        )}
      </main>
    </div>
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
