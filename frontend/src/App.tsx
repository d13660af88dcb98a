import { lazy, Suspense, useEffect } from "react";
import { Route, Routes } from "react-router";
import { useTranslation } from "react-i18next";
import { Loading } from "./components/Feedback";

// Every route is its own chunk: the phone check-in page (a commune's phone on a weak line) loads only
// what it needs, never the console (tests/e2e/test_site_offline.py keeps its first load ≤ 120 KB).
const LoginPage = lazy(() => import("./pages/LoginPage").then((m) => ({ default: m.LoginPage })));
const SeminarListPage = lazy(() => import("./pages/SeminarListPage").then((m) => ({ default: m.SeminarListPage })));
const SeminarFormPage = lazy(() => import("./pages/SeminarFormPage").then((m) => ({ default: m.SeminarFormPage })));
const DirectoryPage = lazy(() => import("./pages/DirectoryPage").then((m) => ({ default: m.DirectoryPage })));
const UsersPage = lazy(() => import("./pages/UsersPage").then((m) => ({ default: m.UsersPage })));
const PublicSeminarPage = lazy(() => import("./pages/PublicSeminarPage").then((m) => ({ default: m.PublicSeminarPage })));
const NotFoundPage = lazy(() => import("./pages/NotFoundPage").then((m) => ({ default: m.NotFoundPage })));
const ConsoleShell = lazy(() => import("./pages/ConsoleShell").then((m) => ({ default: m.ConsoleShell })));
const SiteCheckinPage = lazy(() => import("./pages/SiteCheckinPage").then((m) => ({ default: m.SiteCheckinPage })));
const DisplayPage = lazy(() => import("./pages/DisplayPage").then((m) => ({ default: m.DisplayPage })));
const SpeakerPage = lazy(() => import("./pages/SpeakerPage").then((m) => ({ default: m.SpeakerPage })));
const SeminarDetailPage = lazy(() => import("./pages/SeminarDetailPage").then((m) => ({ default: m.SeminarDetailPage })));

export function App() {
  const { t, i18n } = useTranslation();
  useEffect(() => {
    document.documentElement.lang = i18n.resolvedLanguage ?? "vi";
    document.title = t("app.name");
  }, [i18n.resolvedLanguage, t]);
  return (
    <Suspense fallback={<Loading />}>
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/site" element={<SiteCheckinPage />} />
      <Route path="/display/:slug" element={<DisplayPage />} />
      <Route path="/speaker/*" element={<SpeakerPage />} />
      <Route path="/s/:slug" element={<PublicSeminarPage />} />
      <Route
        element={<ConsoleShell />}
      >
        <Route index element={<SeminarListPage />} />
        <Route path="seminars/new" element={<SeminarFormPage />} />
        <Route path="seminars/:id" element={<SeminarDetailPage />} />
        <Route path="seminars/:id/edit" element={<SeminarFormPage />} />
        <Route path="directory" element={<DirectoryPage />} />
        <Route path="users" element={<UsersPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
    </Suspense>
  );
}
