// The site page alone: no router, no sign-in, no console. Registers the service worker that lets the
// page open again without a network (precache of this page's files; see vite.config.ts).
import { StrictMode, useEffect } from "react";
import { createRoot } from "react-dom/client";
import { QueryClientProvider } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import "./i18n";
import { SiteCheckinPage } from "./pages/SiteCheckinPage";
import { makeQueryClient } from "./queryClient";
import { registerServiceWorker } from "./lib/serviceWorker";

const queryClient = makeQueryClient();

function SiteApp() {
  const { t, i18n } = useTranslation();
  useEffect(() => {
    document.documentElement.lang = i18n.resolvedLanguage ?? "vi";
    document.title = t("app.name");
  }, [i18n.resolvedLanguage, t]);
  return <SiteCheckinPage />;
}

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <SiteApp />
    </QueryClientProvider>
  </StrictMode>,
);

registerServiceWorker();
