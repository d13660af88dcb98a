import type { SeminarAction, SeminarStatus } from "../api/types";

/** Seminar state machine (DESIGN.md): draft → published → live → ended; draft|published → cancelled. */
const TRANSITIONS: Record<SeminarAction, { from: SeminarStatus[]; to: SeminarStatus }> = {
  publish: { from: ["draft"], to: "published" },
  start: { from: ["published"], to: "live" },
  end: { from: ["live"], to: "ended" },
  cancel: { from: ["draft", "published"], to: "cancelled" },
};

export const SEMINAR_ACTIONS: SeminarAction[] = ["publish", "start", "end", "cancel"];

export function canDo(action: SeminarAction, status: SeminarStatus): boolean {
  return TRANSITIONS[action].from.includes(status);
}

export function targetStatus(action: SeminarAction): SeminarStatus {
  return TRANSITIONS[action].to;
}
