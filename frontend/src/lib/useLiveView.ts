/**
 * One socket.io view of a seminar (namespace /live), shared by the big screen, the organizer dashboard and
 * the site page. Keeps the version rules of liveView.ts: gaps → `resync` → wait for `snapshot`.
 *
 * - `{seminarId, scope}`: public view (`auth = {seminar_id, scope}`).
 * - `{siteToken}`: a site page (`auth = {site_token}`): marks the site present while connected; the server sends
 *   it the seminar's `totals` (at most one a second), `seminar` status and running `agenda` item, never rows.
 * - `{seminarId, scope, accessToken}`: an organizers' staff view (`auth = {access_token, seminar_id, scope}`):
 *   a view that also receives the staff-only messages (incidents, readiness, the speaking queue).
 * - `on`: handlers of other messages (a staff view's, a site page's own, e.g. `incident`, `speaking`);
 *   they may change between renders without reconnecting.
 */
import { useEffect, useRef, useState } from "react";
import type { Socket } from "socket.io-client";
import {
  applyLiveMessage,
  applySiteMessage,
  initialLiveState,
  type LiveMessage,
  type LiveState,
  type SiteMessage,
} from "./liveView";

export type LiveConnection = "idle" | "connecting" | "connected" | "reconnecting" | "refused";

export interface UseLiveViewOptions {
  seminarId?: number | null;
  scope?: number | null;
  siteToken?: string | null;
  enabled?: boolean;
  /** An organizer's access token: connect as a staff view. */
  accessToken?: string | null;
  /** Called on every (re)connection, e.g. to flush queued reports. */
  onConnect?: () => void;
  /** Handlers of other messages, by event name. */
  on?: Record<string, (data: unknown) => void>;
}

export interface LiveView {
  state: LiveState;
  connection: LiveConnection;
  /** Server's reason when the connection was refused (unknown or unpublished seminar, bad token). */
  refusedReason: string | null;
  /** True once a snapshot arrived on the current connection. */
  synced: boolean;
}

const RESYNC_RETRY_MS = 5000;
const KICKED_RETRY_MS = 5000;

export function useLiveView({
  seminarId,
  scope = null,
  siteToken,
  accessToken,
  enabled = true,
  onConnect,
  on,
}: UseLiveViewOptions): LiveView {
  const [state, setState] = useState<LiveState>(() => initialLiveState(scope ?? null));
  const [connection, setConnection] = useState<LiveConnection>("idle");
  const [refusedReason, setRefusedReason] = useState<string | null>(null);
  const [synced, setSynced] = useState(false);
  const onConnectRef = useRef(onConnect);
  const onRef = useRef(on);
  useEffect(() => {
    onConnectRef.current = onConnect;
    onRef.current = on;
  }, [onConnect, on]);
  const extraEvents = Object.keys(on ?? {}).sort().join(",");

  const active = enabled && (!!siteToken || (seminarId !== null && seminarId !== undefined && Number.isFinite(seminarId)));

  useEffect(() => {
    if (!active) {
      setConnection("idle");
      return;
    }
    let current = initialLiveState(scope ?? null);
    setState(current);
    setSynced(false);
    setRefusedReason(null);
    setConnection("connecting");

    const auth = siteToken
      ? { site_token: siteToken }
      : accessToken
        ? { access_token: accessToken, seminar_id: seminarId, scope: scope ?? null }
        : { seminar_id: seminarId, scope: scope ?? null };
    let resyncTimer: ReturnType<typeof setTimeout> | null = null;
    let kickTimer: ReturnType<typeof setTimeout> | null = null;
    let opened: Socket | null = null;
    let stopped = false;
    const clearResync = () => {
      if (resyncTimer) clearTimeout(resyncTimer);
      resyncTimer = null;
    };
    const open = (io: typeof import("socket.io-client").io) => {
      const socket: Socket = io("/live", {
        path: "/socket.io",
        auth,
        // WebSocket only: one connection per page, no sticky sessions needed behind several processes.
        transports: ["websocket"],
        reconnectionDelay: 1000,
        reconnectionDelayMax: 10000,
      });
      opened = socket;

      const askResync = () => {
        clearResync();
        if (socket.connected) socket.emit("resync");
        // If no snapshot comes back (message lost), ask again.
        resyncTimer = setTimeout(() => {
          if (current.awaitingSnapshot) askResync();
        }, RESYNC_RETRY_MS);
      };
      const handle = (msg: LiveMessage) => {
        const r = applyLiveMessage(current, msg);
        if (msg.type === "snapshot") {
          clearResync();
          setSynced(true);
        }
        if (r.resync) askResync();
        if (r.state !== current) {
          current = r.state;
          setState(current);
        }
      };

      socket.on("connect", () => {
        setConnection("connected");
        setRefusedReason(null);
        onConnectRef.current?.();
      });
      socket.on("disconnect", (reason) => {
        setSynced(false);
        setConnection("reconnecting");
        clearResync();
        if (reason === "io server disconnect") {
          // The server closed this view; socket.io will not retry by itself.
          kickTimer = setTimeout(() => socket.connect(), KICKED_RETRY_MS);
        }
      });
      socket.on("connect_error", (err: Error) => {
        if (socket.active) {
          setConnection("reconnecting"); // network or server down: socket.io retries with backoff
        } else {
          setConnection("refused");
          setRefusedReason(err?.message || null);
        }
      });
      const handleSite = (msg: SiteMessage) => {
        const next = applySiteMessage(current, msg);
        if (msg.type === "totals") setSynced(true);
        if (next !== current) {
          current = next;
          setState(current);
        }
      };

      if (siteToken) {
        socket.on("totals", (data) => handleSite({ type: "totals", data }));
        socket.on("agenda", (data) => handleSite({ type: "agenda", data }));
        socket.on("seminar", (data) => handleSite({ type: "seminar", data }));
      } else {
        socket.on("snapshot", (data) => handle({ type: "snapshot", data }));
        socket.on("attendance", (data) => handle({ type: "attendance", data }));
        socket.on("agenda", (data) => handle({ type: "agenda", data }));
        socket.on("seminar", (data) => handle({ type: "seminar", data }));
      }

      for (const event of extraEvents ? extraEvents.split(",") : []) {
        socket.on(event, (data: unknown) => onRef.current?.[event]?.(data));
      }

    };
    // socket.io-client is a chunk of its own: the page renders (and queues its reports) before it arrives.
    void import("socket.io-client").then((m) => {
      if (!stopped) open(m.io);
    });

    return () => {
      stopped = true;
      clearResync();
      if (kickTimer) clearTimeout(kickTimer);
      if (opened) {
        opened.removeAllListeners();
        opened.disconnect();
      }
    };
  }, [active, seminarId, scope, siteToken, accessToken, extraEvents]);

  return { state, connection, refusedReason, synced };
}
