import { describe, expect, it } from "vitest";
import { incidentOf, sortIncidents, upsertIncident, type Incident } from "./incidents";

function incident(id: number, status: Incident["status"], opened_at: string): Incident {
  return {
    id,
    seminar_id: 1,
    seminar_site_id: 1,
    site_id: 1,
    site_code: "A",
    site_name: "Xã An Bình",
    kind: "audio",
    note: null,
    status,
    opened_at,
    acknowledged_at: null,
    acknowledge_note: null,
    resolved_at: null,
    resolution_note: null,
  };
}

describe("incidents", () => {
  it("orders open first, then acknowledged, then resolved, newest first inside", () => {
    const list = [
      incident(1, "resolved", "2026-07-19T01:00:00Z"),
      incident(2, "open", "2026-07-19T01:05:00Z"),
      incident(3, "acknowledged", "2026-07-19T01:10:00Z"),
      incident(4, "open", "2026-07-19T01:20:00Z"),
    ];
    expect(sortIncidents(list).map((i) => i.id)).toEqual([4, 2, 3, 1]);
  });

  it("replaces an incident by id when a live message updates it", () => {
    const list = [incident(1, "open", "2026-07-19T01:00:00Z"), incident(2, "open", "2026-07-19T01:05:00Z")];
    const next = upsertIncident(list, incident(2, "resolved", "2026-07-19T01:05:00Z"));
    expect(next.map((i) => [i.id, i.status])).toEqual([
      [1, "open"],
      [2, "resolved"],
    ]);
  });

  it("reads the incident of a socket message and ignores anything else", () => {
    const one = incident(7, "open", "2026-07-19T01:00:00Z");
    expect(incidentOf({ incident: one })).toEqual(one);
    expect(incidentOf({ id: 7 })).toBeNull();
    expect(incidentOf(null)).toBeNull();
  });
});
