// What the site page (/site) downloads on its first load, from the built dist/: index.html, the entry's
// static imports, the siteMain and SiteCheckinPage chunks and its static imports, their CSS; raw, gzip and brotli sizes.
// Usage: node scripts/site-weight.mjs [dist]   (the browser test tests/e2e/test_site_offline.py measures the wire)
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";

const dist = process.argv[2] ?? "dist";
const html = readFileSync(join(dist, "index.html"), "utf8");
const files = new Set(["index.html"]);
const queue = [];
for (const m of html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)) queue.push(m[1]);
// The site page's own boot chunk (main.tsx imports it on /site) and the page itself.
for (const f of readdirSync(join(dist, "assets"))) if (/^(siteMain|SiteCheckinPage)-.*\.js$/.test(f)) queue.push(`assets/${f}`);
while (queue.length) {
  const f = queue.pop();
  if (files.has(f)) continue;
  files.add(f);
  if (!f.endsWith(".js")) continue;
  const src = readFileSync(join(dist, f), "utf8");
  // Static imports only ("import … from './x.js'", "import './x.js'"); dynamic import() chunks load later.
  for (const m of src.matchAll(/(?:^|[;\s}])import\s*(?:[\w*{}\s,$]+from\s*)?["']\.\/([^"']+\.js)["']/g)) queue.push(`assets/${m[1]}`);
  // CSS a chunk needs (Vite's preload list names it).
  for (const m of src.matchAll(/["'](assets\/[^"']+\.css)["']/g)) queue.push(m[1]);
}
let raw = 0, gz = 0, br = 0;
const rows = [];
for (const f of [...files].sort()) {
  const buf = readFileSync(join(dist, f));
  const g = gzipSync(buf, { level: 9 }).length;
  const b = brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  raw += buf.length; gz += g; br += b;
  rows.push(`${f.padEnd(48)} ${String(buf.length).padStart(8)} ${String(g).padStart(8)} ${String(b).padStart(8)}`);
}
console.log(`${"file".padEnd(48)} ${"raw".padStart(8)} ${"gzip".padStart(8)} ${"brotli".padStart(8)}`);
console.log(rows.join("\n"));
console.log(`${"TOTAL".padEnd(48)} ${String(raw).padStart(8)} ${String(gz).padStart(8)} ${String(br).padStart(8)}`);
