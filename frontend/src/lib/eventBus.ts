/**
 * One socket per page, many listeners: the page's socket forwards the messages of its kind
 * (a site page's own, an organizer's staff messages) into a bus, and each panel subscribes to
 * what it shows with `useBusEvent`, without opening a socket of its own.
 */
import { useEffect, useRef } from "react";

export type Handler = (data: unknown) => void;

export class EventBus {
  private handlers = new Map<string, Set<Handler>>();

  /** Listen to `name`; returns the function that stops listening. */
  on(name: string, handler: Handler): () => void {
    const set = this.handlers.get(name) ?? new Set<Handler>();
    set.add(handler);
    this.handlers.set(name, set);
    return () => set.delete(handler);
  }

  emit(name: string, data: unknown): void {
    for (const handler of this.handlers.get(name) ?? []) handler(data);
  }

  /** `useLiveView`'s `on` map that forwards `names` into this bus (stable: build it once). */
  forward(names: readonly string[]): Record<string, Handler> {
    return Object.fromEntries(names.map((name) => [name, (data: unknown) => this.emit(name, data)]));
  }
}

/** Messages addressed to one site's own pages. */
export const SITE_EVENTS = ["incident", "speaking", "poll"] as const;
/** Staff-only messages of the organizers' view, and public ones the console also shows. */
export const STAFF_EVENTS = ["incident", "readiness", "speaking_queue", "speaking", "task", "poll"] as const;
/** Public view messages a panel of the big screen shows beside the figures (polls shown live). */
export const PUBLIC_EVENTS = ["poll"] as const;

export const siteEvents = new EventBus();
export const staffEvents = new EventBus();
export const publicEvents = new EventBus();

/** Call `handler` for every `name` message on `bus` while the component is mounted. */
export function useBusEvent(bus: EventBus, name: string, handler: Handler): void {
  const ref = useRef(handler);
  useEffect(() => {
    ref.current = handler;
  });
  useEffect(() => bus.on(name, (data) => ref.current(data)), [bus, name]);
}
