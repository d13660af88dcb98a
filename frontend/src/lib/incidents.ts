/**
 * Incidents ("sự cố") on both sides: the site page reports them, the console handles them.
 * Pure helpers (tested in incidents.test.ts) plus the console's short alert sound.
 */
import type { Schema } from "../api/http";

export type Incident = Schema<"IncidentRead">;
export type IncidentKind = Incident["kind"];
export type IncidentStatus = Incident["status"];

export const INCIDENT_KINDS: readonly IncidentKind[] = ["audio", "video", "network", "other"];

const RANK: Record<IncidentStatus, number> = { open: 0, acknowledged: 1, resolved: 2 };

/** Open first, then acknowledged, then resolved; newest first inside (the server's order). */
export function sortIncidents(list: readonly Incident[]): Incident[] {
  return [...list].sort(
    (a, b) => RANK[a.status] - RANK[b.status] || b.opened_at.localeCompare(a.opened_at) || b.id - a.id,
  );
}

/** The list with `incident` added or replaced (a live `incident` message), in order. */
export function upsertIncident(list: readonly Incident[], incident: Incident): Incident[] {
  return sortIncidents([...list.filter((i) => i.id !== incident.id), incident]);
}

/** The `incident` socket message's incident, or null for anything else. */
export function incidentOf(message: unknown): Incident | null {
  const incident = (message as Partial<Schema<"IncidentEvent">> | null)?.incident;
  return incident && typeof incident.id === "number" && typeof incident.status === "string" ? incident : null;
}

let audio: AudioContext | null = null;

/** Two short tones (no audio file to download); silent where the browser refuses sound. */
export function playIncidentSound(): void {
  try {
    const Ctx = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!Ctx) return;
    audio ??= new Ctx();
    const now = audio.currentTime;
    [0, 0.22].forEach((offset, i) => {
      const osc = audio!.createOscillator();
      const gain = audio!.createGain();
      osc.frequency.value = i === 0 ? 880 : 660;
      gain.gain.setValueAtTime(0.0001, now + offset);
      gain.gain.exponentialRampToValueAtTime(0.2, now + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + offset + 0.18);
      osc.connect(gain).connect(audio!.destination);
      osc.start(now + offset);
      osc.stop(now + offset + 0.2);
    });
  } catch {
    // No sound is not an error: the badge still shows the count.
  }
}
