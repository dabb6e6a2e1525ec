import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = path.dirname(fileURLToPath(import.meta.url));

// The renderer is a plain web app: the same build runs in Electron (app:// / file://), in the browser
// bridge of `npm run demo`, and in the e2e harness. `base: './'` keeps asset URLs relative for all three.
export default defineConfig({
  root: here,
  base: './',
  plugins: [react()],
  build: {
    outDir: process.env.RENDERER_OUT_DIR ?? path.resolve(here, '..', 'out', 'renderer'),
    emptyOutDir: true,
    sourcemap: true,
  },
});
