/**
 * The organizers' staff view of a seminar: one socket for the whole seminar console, whose
 * staff-only messages (incidents, readiness, the speaking queue) go to `staffEvents`.
 */
import { getToken } from "../api/client";
import { STAFF_EVENTS, staffEvents } from "./eventBus";
import { useLiveView, type LiveView } from "./useLiveView";

const FORWARD = staffEvents.forward(STAFF_EVENTS);

export function useStaffView(seminarId: number | null, enabled = true): LiveView {
  const accessToken = getToken();
  return useLiveView({
    seminarId,
    accessToken,
    enabled: enabled && !!accessToken && seminarId !== null,
    on: FORWARD,
  });
}
