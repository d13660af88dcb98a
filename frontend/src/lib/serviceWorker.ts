/**
 * Registers the service worker (built by vite-plugin-pwa: /sw.js) from a bundled file, never an inline
 * script (our CSP has no 'unsafe-inline'). Only production builds have one; the dev server has none.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || typeof navigator === "undefined" || !("serviceWorker" in navigator)) return;
  const register = () => {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {
      /* no service worker (private mode, old browser): the page still works online */
    });
  };
  if (document.readyState === "complete") register();
  else window.addEventListener("load", register, { once: true });
}
