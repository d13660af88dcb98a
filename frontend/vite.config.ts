import { defineConfig, type Plugin } from "vitest/config";
import react from "@vitejs/plugin-react";
import { compression } from "vite-plugin-compression2";
import { VitePWA } from "vite-plugin-pwa";

const backend = process.env.DIEMCAU_BACKEND_URL ?? "http://127.0.0.1:8000";

/** The files the site page (/site) needs: the entry, the siteMain chunk and everything they import
 * statically, with their CSS. Filled at build time; the service worker precaches only these, so a
 * commune's phone never downloads the console to open its page offline. */
const siteFiles = new Set<string>();

function siteFilesPlugin(): Plugin {
  return {
    name: "diemcau-site-files",
    apply: "build",
    generateBundle(_options, bundle) {
      siteFiles.clear();
      const chunks = Object.values(bundle).filter((c) => c.type === "chunk");
      const byName = new Map(chunks.map((c) => [c.fileName, c]));
      // From the entry, only the siteMain branch (its dynamic import of appMain is the console).
      const entry = chunks.filter((c) => c.isEntry).map((c) => c.fileName);
      const todo = [...entry, ...chunks.filter((c) => c.name === "siteMain").map((c) => c.fileName)];
      while (todo.length) {
        const f = todo.pop()!;
        if (siteFiles.has(f)) continue;
        siteFiles.add(f);
        const c = byName.get(f);
        if (!c) continue;
        if (c.isEntry) {
          todo.push(...c.imports);
          for (const css of c.viteMetadata?.importedCss ?? []) siteFiles.add(css);
          continue;
        }
        // Static imports, and the chunks the page loads later (socket.io, English) so it works offline.
        todo.push(...c.imports, ...c.dynamicImports);
        for (const css of c.viteMetadata?.importedCss ?? []) siteFiles.add(css);
      }
    },
  };
}

/** Sections of vi.json only the console uses: left out of `vi.json?site` (what the site page boots with)
 * in builds; appMain adds the whole file. A new section is kept by default (safe for the site page). */
const CONSOLE_ONLY_SECTIONS = [
  "report", "paper", "papers", "members", "directory", "invite", "speaker", "sitesTab", "links", "display",
  "public", "seminarActions", "seminarForm", "callForm", "users", "auth", "user", "dataTable", "overview",
  "seminarDetail", "seminars", "notFound", "pager", "sitePicker", "incidentsConsole", "pollsConsole",
];

function siteTranslationsPlugin(): Plugin {
  let build = false;
  return {
    name: "diemcau-site-translations",
    enforce: "pre",
    configResolved(config) {
      build = config.command === "build" && !config.mode.startsWith("test");
    },
    transform(code, id) {
      if (!id.endsWith(".json?site")) return null;
      const all = JSON.parse(code) as Record<string, unknown>;
      // The dev server and the unit tests keep everything.
      if (build) for (const section of CONSOLE_ONLY_SECTIONS) delete all[section];
      return { code: `export default JSON.parse(${JSON.stringify(JSON.stringify(all))});`, map: null, moduleType: "js" };
    },
  };
}

export default defineConfig({
  base: "/",
  plugins: [
    react(),
    siteFilesPlugin(),
    siteTranslationsPlugin(),
    VitePWA({
      // Registered by src/lib/serviceWorker.ts from the site page only: no inline script (CSP).
      injectRegister: false,
      registerType: "autoUpdate",
      filename: "sw.js",
      manifest: {
        name: "Điểm Cầu",
        short_name: "Điểm Cầu",
        description: "Điểm danh và báo số người tại điểm cầu",
        lang: "vi",
        start_url: "/site",
        scope: "/",
        display: "standalone",
        background_color: "#ffffff",
        theme_color: "#8b1a1a",
        icons: [
          { src: "/icon-192.png", sizes: "192x192", type: "image/png" },
          { src: "/icon-512.png", sizes: "512x512", type: "image/png" },
          { src: "/icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
          { src: "/favicon.svg", sizes: "any", type: "image/svg+xml" },
        ],
      },
      workbox: {
        globPatterns: ["**/*.{js,css,html}"],
        manifestTransforms: [
          async (entries) => ({
            manifest: entries.filter((e) => !e.url.startsWith("assets/") || siteFiles.has(e.url)),
            warnings: [],
          }),
        ],
        // Hashed files are their own revision: the browser's HTTP cache (immutable) can fill the precache.
        dontCacheBustURLsMatching: /^assets\//,
        // Only the site page opens from cache without a network; the console always asks the server.
        navigateFallback: "/index.html",
        navigateFallbackAllowlist: [/^\/site\/?$/],
        navigateFallbackDenylist: [/^\/(api|socket\.io|docs|redoc|metrics)/],
        // "/" must not be answered from the precache (the console's index could then be stale).
        directoryIndex: "__none__",
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
      },
    }),
    // brotli + gzip files next to each asset; the backend (app/core/static.py) picks one per request.
    compression({ algorithms: ["gzip", "brotliCompress"], exclude: [/\.(br|gz)$/, /\.png$/], threshold: 0 }),
  ],
  server: {
    proxy: {
      "/api": { target: backend, changeOrigin: true },
      "/docs": { target: backend, changeOrigin: true },
      // Host kept: the backend accepts sockets from its own origin (the page's) only.
      "/socket.io": { target: backend, ws: true },
    },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
    rollupOptions: {
      output: {
        // The live connection's library, loaded by useLiveView after the page is shown: named, so the
        // budget test can tell the page's first load from the live socket that follows.
        manualChunks: (id: string) => (/node_modules\/(socket\.io|engine\.io|@socket\.io)/.test(id) ? "live-socket" : undefined),
      },
    },
  },
  test: {
    environment: "node",
    include: ["src/**/*.test.ts", "src/**/*.test.tsx"],
  },
});
