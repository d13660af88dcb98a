// The poll page alone (/p/<poll_token>, opened on a phone from a QR on the big screen): no router, no
// sign-in, no console, no live socket; the smallest chunk that answers a poll.
import { StrictMode, useEffect } from "react";
import { createRoot } from "react-dom/client";
import { QueryClientProvider } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import "./i18n";
import { PollPage } from "./pages/PollPage";
import { makeQueryClient } from "./queryClient";
import { pollTokenOf } from "./lib/polls";

const queryClient = makeQueryClient();

function PollApp() {
  const { t, i18n } = useTranslation();
  useEffect(() => {
    document.documentElement.lang = i18n.resolvedLanguage ?? "vi";
    document.title = t("polls.pageTitle");
  }, [i18n.resolvedLanguage, t]);
  return <PollPage token={pollTokenOf(window.location.pathname) ?? ""} />;
}

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <PollApp />
    </QueryClientProvider>
  </StrictMode>,
);
