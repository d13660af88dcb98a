import type { ReactNode } from "react";
import { Link, Navigate, Route, Routes, useLocation, useNavigate } from "react-router";
import { useTranslation } from "react-i18next";
import { useAuth } from "../auth/AuthContext";
import { ErrorMessage, Loading } from "../components/Feedback";
import { PublicLayout } from "../components/Layout";
import { SpeakerAuth } from "./speaker/SpeakerAuth";
import { OpenCalls, SpeakerHome } from "./speaker/SpeakerHome";
import { PaperEditorPage } from "./speaker/PaperEditor";

/** Signed-in speakers (any role may look; only the console at `/` is limited to organizers). */
function Gate({ children, showCalls }: { children: ReactNode; showCalls?: boolean }) {
  const { token, user, loading, error } = useAuth();
  if (!token)
    return (
      <>
        <SpeakerAuth />
        {showCalls && <OpenCalls />}
      </>
    );
  if (loading) return <Loading />;
  if (!user) return <ErrorMessage error={error} onRetry={() => window.location.reload()} />;
  return <>{children}</>;
}

function UserActions() {
  const { t } = useTranslation();
  const { user, signOut } = useAuth();
  const navigate = useNavigate();
  if (!user) return null;
  return (
    <>
      <span className="user-chip" title={user.email} data-testid="current-user">
        {user.full_name || user.email}
      </span>
      <button
        type="button"
        className="btn btn-small"
        data-testid="logout"
        onClick={async () => {
          await signOut();
          navigate("/speaker", { replace: true });
        }}
      >
        {t("auth.logout")}
      </button>
    </>
  );
}

function Register() {
  const { token } = useAuth();
  if (token) return <Navigate to="/speaker" replace />;
  return <SpeakerAuth initialMode="signup" afterSignIn="/speaker" />;
}

/** Speaker portal: /speaker, /speaker/register, /speaker/new/:seminarId, /speaker/papers/:id. */
export function SpeakerPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const home = location.pathname.replace(/\/+$/, "") === "/speaker";
  return (
    <PublicLayout actions={<UserActions />}>
      <div className="speaker" data-testid="speaker-page">
        {!home && (
          <nav className="breadcrumb" aria-label={t("nav.breadcrumb")}>
            <Link to="/speaker">{t("speaker.myPapers")}</Link>
          </nav>
        )}
        <Routes>
          <Route index element={<Gate showCalls><SpeakerHome /></Gate>} />
          <Route path="register" element={<Register />} />
          <Route path="new/:seminarId" element={<Gate><PaperEditorPage /></Gate>} />
          <Route path="papers/:id" element={<Gate><PaperEditorPage /></Gate>} />
          <Route path="*" element={<Navigate to="/speaker" replace />} />
        </Routes>
      </div>
    </PublicLayout>
  );
}
