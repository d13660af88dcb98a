/**
 * Pure state of a live view (socket.io namespace /live, DESIGN.md "Realtime").
 *
 * Version rules: a `snapshot` always replaces the state (and its version becomes current). Any other message
 * with version <= current is ignored; version == current+1 is applied; version > current+1 is a gap: the
 * client must emit `resync` and wait for the next snapshot. Deltas that arrive before the snapshot they follow
 * (with several server processes a delta can overtake a snapshot) are kept and applied after it when their
 * version is above the snapshot's.
 *
 * Site pages (`applySiteMessage`) get `totals`, `seminar` and `agenda` only, each absolute: per kind, the message
 * with the highest version wins; there is no snapshot and no resync.
 */
import type {
  AgendaEvent,
  AttendanceDelta,
  LiveAgendaItem,
  LiveSiteRow,
  LiveSnapshot,
  LiveTotals,
  LiveSpeaking,
  SeminarEvent,
  SpeakingEvent,
  TotalsEvent,
} from "../api/types";

export type SnapshotMsg = LiveSnapshot;

export type SiteMessage =
  | { type: "totals"; data: TotalsEvent }
  | { type: "agenda"; data: AgendaEvent }
  | { type: "seminar"; data: SeminarEvent };

export type LiveMessage =
  | { type: "snapshot"; data: LiveSnapshot }
  | { type: "attendance"; data: AttendanceDelta }
  | { type: "agenda"; data: AgendaEvent }
  | { type: "seminar"; data: SeminarEvent }
  | { type: "speaking"; data: SpeakingEvent };

export interface LiveState {
  /** The view's scope (site id) or null for the whole seminar. */
  scope: number | null;
  /** Last applied version; null until the first snapshot. */
  version: number | null;
  /** A gap was seen and `resync` was asked: deltas are ignored until the next snapshot. */
  awaitingSnapshot: boolean;
  seminar: SnapshotMsg["seminar"] | null;
  totals: LiveTotals | null;
  /** Rows keyed by site id (insertion order = server order). */
  sites: Map<number, LiveSiteRow>;
  /** The scope's participating ancestors from the top level down to the scope (empty: top level). */
  path: LiveSnapshot["path"];
  current: LiveAgendaItem | null;
  /** The floor (speaking requests): who speaks now and who is next; null before the first snapshot. */
  speaking: LiveSpeaking | null;
  /** Number of snapshots applied (a new one after every reconnect or resync). */
  snapshots: number;
  /** Deltas received while no snapshot applies yet (bounded). */
  early: LiveMessage[];
  /** Site pages: the highest version applied per kind of message. */
  siteVersions: Partial<Record<SiteMessage["type"], number>>;
}

const MAX_EARLY = 64;

export function initialLiveState(scope: number | null = null): LiveState {
  return {
    scope,
    version: null,
    awaitingSnapshot: false,
    seminar: null,
    totals: null,
    sites: new Map(),
    path: [],
    current: null,
    speaking: null,
    snapshots: 0,
    early: [],
    siteVersions: {},
  };
}

export interface ApplyResult {
  state: LiveState;
  /** The caller must emit `resync`. */
  resync: boolean;
}

const num = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

function belongs(row: LiveSiteRow, scope: number | null): boolean {
  return row.parent_id === scope;
}

/** Apply one server message to a view. Returns the same state object when nothing changed. */
export function applyLiveMessage(state: LiveState, msg: LiveMessage): ApplyResult {
  if (msg.type === "snapshot") {
    const early = state.early;
    let r = applySnapshot(state, msg);
    for (const m of [...early].sort((a, b) => a.data.version - b.data.version)) {
      if (r.resync) break;
      if (r.state.version !== null && m.data.version > r.state.version) r = applyLiveMessage(r.state, m);
    }
    return r;
  }
  const v = msg.data?.version;
  // Before the first snapshot, or while waiting for one after a gap: keep it for after the snapshot.
  if ((state.version === null || state.awaitingSnapshot) && num(v)) {
    return { state: { ...state, early: [...state.early, msg].slice(-MAX_EARLY) }, resync: false };
  }
  return applyDelta(state, msg);
}

/** A site page's message: per kind, the highest version wins (each message is absolute). */
export function applySiteMessage(state: LiveState, msg: SiteMessage): LiveState {
  const v = msg.data?.version;
  if (!num(v) || v < (state.siteVersions[msg.type] ?? -1)) return state;
  const next: LiveState = { ...state, siteVersions: { ...state.siteVersions, [msg.type]: v } };
  if (msg.type === "totals") next.totals = msg.data.totals;
  else if (msg.type === "agenda") next.current = msg.data.current ?? null;
  else next.seminar = { ...(state.seminar ?? { id: 0, title: "" }), status: msg.data.status };
  return next;
}

function applySnapshot(state: LiveState, msg: Extract<LiveMessage, { type: "snapshot" }>): ApplyResult {
  const d = msg.data;
    const sites = new Map<number, LiveSiteRow>();
    for (const s of d.sites ?? []) sites.set(s.id, s); // the snapshot is the truth for this view
    return {
      state: {
        ...state,
        version: num(d.version) ? d.version : 0,
        awaitingSnapshot: false,
        seminar: d.seminar ?? state.seminar,
        totals: d.totals ?? null,
        sites,
        path: d.path ?? [],
        current: d.agenda?.current ?? null,
        speaking: d.speaking ?? null,
        snapshots: state.snapshots + 1,
        early: [],
      },
      resync: false,
    };
}

function applyDelta(state: LiveState, msg: Exclude<LiveMessage, { type: "snapshot" }>): ApplyResult {
  const v = msg.data?.version;
  if (state.version === null || state.awaitingSnapshot || !num(v)) return { state, resync: false };
  if (v <= state.version) return { state, resync: false };
  if (v > state.version + 1) return { state: { ...state, awaitingSnapshot: true }, resync: true };

  const next: LiveState = { ...state, version: v };
  switch (msg.type) {
    case "attendance": {
      const d = msg.data;
      // A scoped view's deltas carry its subtree's figures only: the rest stays as the snapshot said.
      if (d.totals) next.totals = { ...(state.totals ?? ({} as LiveTotals)), ...d.totals };
      if (d.sites && d.sites.length) {
        const sites = new Map(state.sites);
        for (const row of d.sites) {
          if (sites.has(row.id) || belongs(row, state.scope)) sites.set(row.id, row);
        }
        next.sites = sites;
      }
      break;
    }
    case "agenda":
      next.current = msg.data.current ?? null;
      break;
    case "seminar":
      if (state.seminar) next.seminar = { ...state.seminar, status: msg.data.status };
      break;
    case "speaking":
      next.speaking = { current: msg.data.current ?? null, next: msg.data.next ?? [] };
      break;
  }
  return { state: next, resync: false };
}

/** Headcount to show for a row: the number, never negative or missing. */
export function siteHeadcount(s: Pick<LiveSiteRow, "headcount">): number {
  return num(s.headcount) && s.headcount > 0 ? s.headcount : 0;
}
