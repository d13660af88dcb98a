// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { loadLinkLabels } from "./useSeminarSites";

/** A directory server: site 1 with `below` sites under it (ids 2…), paged like GET /sites. */
function directory(below: number) {
  const seen: URL[] = [];
  const site = (id: number) => ({ id, code: `S-${id}`, name: `Điểm cầu ${id}`, locality: id === 1 ? null : "Xã Tân Phú", parent_id: id === 1 ? null : 1, level: "unit" });
  vi.stubGlobal("fetch", async (request: Request) => {
    const url = new URL(request.url, "http://localhost");
    seen.push(url);
    let body: unknown;
    if (url.pathname === "/api/v1/sites/1") body = site(1);
    else {
      const limit = Number(url.searchParams.get("limit"));
      const offset = Number(url.searchParams.get("offset"));
      const ids = Array.from({ length: Math.max(0, Math.min(limit, below - offset)) }, (_, i) => 2 + offset + i);
      body = { items: ids.map(site), total: below };
    }
    return new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" } });
  });
  return seen;
}

describe("naming the sites of thousands of new links (for the CSV file)", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("reads the invited branch below its root a page of 1,000 at a time, the root by itself", async () => {
    const seen = directory(2500);
    const wanted = Array.from({ length: 2501 }, (_, i) => 1 + i);
    const progress: number[] = [];
    const labels = await loadLinkLabels([1], wanted, (n) => progress.push(n));
    expect(labels.size).toBe(2501);
    expect(labels.get(1)).toEqual({ code: "S-1", name: "Điểm cầu 1", locality: null });
    expect(labels.get(2501)).toEqual({ code: "S-2501", name: "Điểm cầu 2501", locality: "Xã Tân Phú" });
    expect(seen.map((u) => u.pathname + u.search)).toEqual([
      "/api/v1/sites/1",
      "/api/v1/sites?under=1&limit=1000&offset=0",
      "/api/v1/sites?under=1&limit=1000&offset=1000",
      "/api/v1/sites?under=1&limit=1000&offset=2000",
    ]);
    expect(progress).toEqual([1001, 2001, 2501]);
  });

  it("stops as soon as every wanted site is named", async () => {
    const seen = directory(5000);
    const labels = await loadLinkLabels([1], [2, 3]);
    expect([...labels.keys()]).toEqual([2, 3]);
    expect(seen).toHaveLength(1); // the root was not wanted: one page below it
  });
});
