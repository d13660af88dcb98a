import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import vi from "./vi.json";
import en from "./en.json";

type Tree = { [k: string]: string | Tree };

function flatten(obj: Tree, prefix = ""): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") out[key] = v;
    else Object.assign(out, flatten(v, key));
  }
  return out;
}

const viKeys = flatten(vi as Tree);
const enKeys = flatten(en as Tree);

function placeholders(s: string): string[] {
  return [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name: string) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [p] : [];
  });
}

describe("translations", () => {
  it("every Vietnamese key exists in English", () => {
    expect(Object.keys(viKeys).filter((k) => !(k in enKeys))).toEqual([]);
  });
  it("every English key exists in Vietnamese", () => {
    expect(Object.keys(enKeys).filter((k) => !(k in viKeys))).toEqual([]);
  });
  it("no translation is empty", () => {
    expect(Object.entries(viKeys).filter(([, v]) => !v.trim())).toEqual([]);
    expect(Object.entries(enKeys).filter(([, v]) => !v.trim())).toEqual([]);
  });
  it("both languages use the same placeholders", () => {
    const mismatched = Object.keys(viKeys).filter((k) => k in enKeys && placeholders(viKeys[k]).join() !== placeholders(enKeys[k]).join());
    expect(mismatched).toEqual([]);
  });
  it("every literal key used in the source exists", () => {
    const src = fileURLToPath(new URL("..", import.meta.url));
    const missing: string[] = [];
    for (const file of sourceFiles(src)) {
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/\bt\(\s*"([^"]+)"/g)) {
        if (!(m[1] in viKeys)) missing.push(`${file}: ${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });
  it("dynamic key families are complete", () => {
    const families: Record<string, string[]> = {
      "status.seminar": ["draft", "published", "live", "ended", "cancelled"],
      "status.site": ["invited", "registered", "declined", "checked_in", "disconnected"],
      "status.submission": ["draft", "submitted", "under_review", "selected_live", "accepted_written", "rejected", "withdrawn"],
      papers: ["decide_under_review", "decide_selected_live", "decide_accepted_written", "decide_rejected"],
      paper: ["decisionText_selected_live", "decisionText_accepted_written", "decisionText_rejected"],
      mode: ["in_person", "online", "hybrid"],
      level: ["central", "province", "district", "commune", "unit"],
      role: ["admin", "organizer", "speaker"],
      agendaKind: ["opening", "report", "paper", "discussion", "break", "closing", "other"],
      seminarActions: ["publish", "start", "end", "cancel", "confirm_publish", "confirm_start", "confirm_end", "confirm_cancel"],
      seminarDetail: ["tab_overview", "tab_live", "tab_agenda", "tab_sites", "tab_papers"],
      live: ["filter_all", "filter_connected", "filter_lost", "filter_pending", "filter_declined"],
      language: ["vi", "en", "short_vi", "short_en"],
    };
    const missing = Object.entries(families).flatMap(([prefix, names]) => names.map((n) => `${prefix}.${n}`).filter((k) => !(k in viKeys)));
    expect(missing).toEqual([]);
  });
});

describe("i18n runtime", () => {
  it("starts in Vietnamese and switches to English", async () => {
    const { default: i18n, setLanguage } = await import("./index");
    expect(i18n.language).toBe("vi");
    expect(i18n.t("nav.seminars")).toBe("Hội nghị, hội thảo");
    await setLanguage("en");
    expect(i18n.t("nav.seminars")).toBe("Seminars");
    expect(i18n.t("agenda.minutes", { n: "90" })).toBe("90 min");
    await setLanguage("vi");
    expect(i18n.t("links.heading", { n: 3 })).toBe("Liên kết điểm danh (3)");
  });
});
