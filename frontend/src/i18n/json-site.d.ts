// `vi.json?site`: the same texts, without the console-only sections in builds (vite.config.ts).
declare module "*.json?site" {
  const texts: Record<string, unknown>;
  export default texts;
}
