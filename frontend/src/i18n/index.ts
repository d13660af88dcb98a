import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import vi from "./vi.json";
import en from "./en.json";

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

export function setLanguage(lang: Language): void {
  try {
    localStorage.setItem(LANG_KEY, lang);
  } catch {
    /* no storage */
  }
  void i18n.changeLanguage(lang);
}

i18n.on("languageChanged", (lng) => {
  if (typeof document !== "undefined") document.documentElement.lang = lng;
});

void i18n.use(initReactI18next).init({
  resources: { vi: { translation: vi }, en: { translation: en } },
  lng: typeof localStorage === "undefined" ? "vi" : storedLanguage(),
  fallbackLng: "vi",
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false },
  returnNull: false,
});

export default i18n;
