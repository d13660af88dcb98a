import i18n from "i18next";
import { initReactI18next } from "react-i18next";
// The site page's share of the Vietnamese texts (builds leave console-only sections out: vite.config.ts);
// the console adds the rest (appMain.tsx).
import vi from "./vi.json?site";

export const LANGUAGES = ["vi", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
export const LANG_KEY = "diemcau.lang";

export function storedLanguage(): Language {
  try {
    const v = localStorage.getItem(LANG_KEY);
    if (v === "vi" || v === "en") return v;
  } catch {
    /* no storage */
  }
  return "vi";
}

/** English is loaded on demand (a chunk of its own): most phones never need it. */
async function loadLanguage(lang: Language): Promise<void> {
  if (lang === "vi" || i18n.hasResourceBundle(lang, "translation")) return;
  const en = (await import("./en.json")).default;
  i18n.addResourceBundle("en", "translation", en, true, true);
}

export function setLanguage(lang: Language): Promise<unknown> {
  try {
    localStorage.setItem(LANG_KEY, lang);
  } catch {
    /* no storage */
  }
  return loadLanguage(lang).then(() => i18n.changeLanguage(lang));
}

i18n.on("languageChanged", (lng) => {
  if (typeof document !== "undefined") document.documentElement.lang = lng;
});

const initial: Language = typeof localStorage === "undefined" ? "vi" : storedLanguage();

void i18n.use(initReactI18next).init({
  resources: { vi: { translation: vi } },
  lng: "vi",
  fallbackLng: "vi",
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false },
  returnNull: false,
});

if (initial !== "vi") void setLanguage(initial);

export default i18n;
