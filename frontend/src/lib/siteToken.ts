/**
 * The site's check-in token: from the link's fragment (`/site#<token>`), remembered on the phone so that
 * the installed app — which browsers start at `/site`, without the fragment — opens on the same site.
 */
const LAST_TOKEN_KEY = "diemcau.site.lastToken";

export function siteToken(hash: string, storage: Pick<Storage, "getItem" | "setItem"> | null): string {
  const fromLink = decodeURIComponent(hash.replace(/^#/, "")).trim();
  try {
    if (fromLink) {
      storage?.setItem(LAST_TOKEN_KEY, fromLink);
      return fromLink;
    }
    return storage?.getItem(LAST_TOKEN_KEY) ?? "";
  } catch {
    return fromLink; // no storage: the link alone
  }
}

export function phoneStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
