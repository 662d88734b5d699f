// Bundle the browser code (xterm.js, CodeMirror and mermaid from npm, pinned) into static/dist/.
//
// Two builds: console.js, which every console page loads, and the mermaid
// diagrams bundle, which lab.js imports only when a page has a diagram.
// Mermaid is split (ESM chunks, one per diagram type) so that a page with a
// flowchart does not download the code of twenty other diagram kinds.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const src = join(root, "static", "src");
const out = join(root, "static", "dist");
mkdirSync(out, { recursive: true });
const common = { bundle: true, minify: true, target: ["es2020"], logLevel: "warning" };
await build({
  ...common,
  entryPoints: [join(src, "console.js")],
  sourcemap: true,
  format: "iife",
  outfile: join(out, "console.js"),
});
rmSync(join(out, "diagrams"), { recursive: true, force: true }); // no stale chunks from an older mermaid
await build({
  ...common,
  entryPoints: [join(src, "diagrams.js")],
  splitting: true,
  format: "esm",
  outdir: join(out, "diagrams"),
  chunkNames: "chunks/[name]-[hash]",
});
copyFileSync(join(root, "node_modules", "@xterm", "xterm", "css", "xterm.css"), join(out, "xterm.css"));
console.log("static/dist built");
