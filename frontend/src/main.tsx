// Three ways in: the site page (a commune's phone on a weak line) and a poll's page (/p/<token>, a phone
// in the hall, from a QR) boot without the router and the console; every other path boots the whole app.
// They share the chunks they have in common.
import "./styles.css";

export const isSitePath = (path: string) => /^\/site\/?$/.test(path);
export const isPollPath = (path: string) => /^\/p\/[^/]+\/?$/.test(path);

if (isSitePath(window.location.pathname)) void import("./siteMain");
else if (isPollPath(window.location.pathname)) void import("./pollMain");
else void import("./appMain");
