import { defineConfig } from "vite";

// The explorable (src/web): `npm run explore` serves it on 127.0.0.1; `npm run build:web` writes a static site to
// dist-web/ that works from any static host (relative paths, no special headers: no SharedArrayBuffer).
export default defineConfig({
  root: "src/web",
  base: "./",
  server: { host: "127.0.0.1", port: 5173 },
  preview: { host: "127.0.0.1", port: 4173 },
  worker: { format: "es" },
  build: { outDir: "../../dist-web", emptyOutDir: true, target: "es2022" },
});
