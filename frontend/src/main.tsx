// Two ways in: the site page (a commune's phone on a weak line) boots without the router and the
// console; every other path boots the whole app. Both share the chunks they have in common.
import "./styles.css";

export const isSitePath = (path: string) => /^\/site\/?$/.test(path);

if (isSitePath(window.location.pathname)) void import("./siteMain");
else void import("./appMain");
