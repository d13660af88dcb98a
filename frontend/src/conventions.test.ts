/**
 * The frontend's "one way of doing each thing", checked over the source: API calls through the typed
 * client (`api/http.ts`), query keys from `api/queryKeys.ts`, lists through `components/DataTable.tsx`.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = join(__dirname);

function sources(dir: string = SRC): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) && !name.endsWith(".d.ts") ? [relative(SRC, path)] : [];
  });
}

/** `file:line  text` of each line matching `pattern` in the app's own (migrated) sources. */
function offenders(pattern: RegExp, except: string[] = []): string[] {
  return sources()
    .filter((f) => !except.includes(f))
    .flatMap((f) =>
      readFileSync(join(SRC, f), "utf8")
        .split("\n")
        .flatMap((line, i) => (pattern.test(line) ? [`${f}:${i + 1}  ${line.trim()}`] : [])),
    );
}

describe("one way of doing each thing", () => {
  it("the scan sees the app's pages", () => {
    expect(sources()).toEqual(expect.arrayContaining(["pages/UsersPage.tsx", "api/http.ts", "components/DataTable.tsx"]));
  });

  it("API calls go through the typed client, not the legacy endpoint functions or a bare fetch", () => {
    expect(offenders(/from "[./]*(api\/)?endpoints"/, ["api/endpoints.ts"])).toEqual([]);
    expect(offenders(/(?<![.\w])fetch\(|new XMLHttpRequest/, ["api/http.ts", "api/client.ts"])).toEqual([]);
  });

  it("query keys come from api/queryKeys.ts, never written as literal arrays", () => {
    expect(offenders(/queryKey: \[/, ["api/queryKeys.ts"])).toEqual([]);
    expect(offenders(/(setQueryData|setQueriesData|getQueryData)(<[^>]*>)?\(\[/)).toEqual([]);
  });

  it("lists are DataTables: no hand-built <table> elsewhere", () => {
    expect(offenders(/<table\b/, ["components/DataTable.tsx"])).toEqual([]);
  });

  it("backend shapes are generated: api/types.ts declares no object type of its own", () => {
    const own = readFileSync(join(SRC, "api/types.ts"), "utf8")
      .split("\n")
      .filter((line) => /^export (interface|type \w+(<[^>]*>)? = \{)/.test(line) && !/@deprecated/.test(line));
    expect(own).toEqual([]);
  });
});
