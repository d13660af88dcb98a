/**
 * The last site context the server gave this link, kept on the phone so that the page opened without a
 * network (from the service worker) can still show the site, its agenda and its queue. Keyed like the
 * queues (a hash of the token, not the token); refreshed by every successful load.
 */
import type { SiteContextLive } from "../api/types";
import { linkKey } from "./siteQueue";

const key = (token: string) => linkKey("diemcau.sitectx", token);

export function loadSiteContext(token: string): SiteContextLive | undefined {
  try {
    const raw = localStorage.getItem(key(token));
    const data = raw ? (JSON.parse(raw) as SiteContextLive) : undefined;
    return data && typeof data === "object" && data.site && data.seminar && data.participation ? data : undefined;
  } catch {
    return undefined;
  }
}

export function saveSiteContext(token: string, ctx: SiteContextLive): void {
  try {
    localStorage.setItem(key(token), JSON.stringify(ctx));
  } catch {
    /* no storage: the page still works online */
  }
}

export function forgetSiteContext(token: string): void {
  try {
    localStorage.removeItem(key(token));
  } catch {
    /* nothing to forget */
  }
}
