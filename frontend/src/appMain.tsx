import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import { QueryClientProvider } from "@tanstack/react-query";
import i18n from "./i18n";
import viAll from "./i18n/vi.json";
import { AuthProvider } from "./auth/AuthContext";
import { App } from "./App";
import { makeQueryClient } from "./queryClient";

// The site page boots with part of the Vietnamese texts; the console needs them all.
i18n.addResourceBundle("vi", "translation", viAll, true, true);

const queryClient = makeQueryClient();

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <AuthProvider>
          <App />
        </AuthProvider>
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
