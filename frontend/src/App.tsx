import { lazy, Suspense, useEffect } from "react";
import { Route, Routes } from "react-router";
import { useTranslation } from "react-i18next";
import { RequireAuth } from "./auth/RequireAuth";
import { ConsoleLayout } from "./components/Layout";
import { LoginPage } from "./pages/LoginPage";
import { SeminarListPage } from "./pages/SeminarListPage";
import { SeminarFormPage } from "./pages/SeminarFormPage";
import { DirectoryPage } from "./pages/DirectoryPage";
import { UsersPage } from "./pages/UsersPage";
import { PublicSeminarPage } from "./pages/PublicSeminarPage";
import { NotFoundPage } from "./pages/NotFoundPage";
import { Loading } from "./components/Feedback";

// Split out: the phone check-in page and the big screen load only what they need (socket.io client included).
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
        element={
          <RequireAuth>
            <ConsoleLayout />
          </RequireAuth>
        }
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
