import { Link, NavLink, Outlet, useNavigate } from "react-router";
import { useTranslation } from "react-i18next";
import { useAuth } from "../auth/AuthContext";
import { LanguageSwitcher } from "./LanguageSwitcher";
import { Brand } from "./PublicLayout";

// The public frame lives apart (no router): the site page loads it without react-router.
export { PublicLayout } from "./PublicLayout";

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
