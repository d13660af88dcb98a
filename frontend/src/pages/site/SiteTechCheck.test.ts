import { describe, expect, it } from "vitest";
import type { SiteContext } from "../../api/types";
import { techCheckOpen } from "./SiteTechCheck";

function ctx(status: SiteContext["seminar"]["status"], opens: string): SiteContext {
  return { seminar: { status, techcheck_opens_at: opens } } as unknown as SiteContext;
}

describe("the technical check step", () => {
  const opens = "2026-07-19T00:00:00Z";
  const at = (iso: string) => new Date(iso).getTime();

  it("appears from techcheck_opens_at while the seminar has not started", () => {
    expect(techCheckOpen(ctx("published", opens), at("2026-07-18T23:59:59Z"))).toBe(false);
    expect(techCheckOpen(ctx("published", opens), at("2026-07-19T00:00:00Z"))).toBe(true);
  });

  it("is gone once the seminar is live, ended or cancelled", () => {
    for (const status of ["live", "ended", "cancelled", "draft"] as const) {
      expect(techCheckOpen(ctx(status, opens), at("2026-07-19T00:30:00Z"))).toBe(false);
    }
  });
});
