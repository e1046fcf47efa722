/**
 * The console's build: `npm run build` runs it after the extension's (CUECARD_OUT_DIR moves it with
 * them). Scripts and styles land in console-assets/ with content hashes, which the hub serves as
 * immutable (hub/routes/console.ts); nothing is inlined into the HTML, so `script-src 'self'` holds.
 */
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const ROOT = path.resolve(import.meta.dirname, '../..');

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react()],
  publicDir: path.join(import.meta.dirname, 'public'),
  build: {
    outDir: path.resolve(ROOT, process.env.CUECARD_OUT_DIR ?? '.output', 'console'),
    emptyOutDir: true,
    assetsDir: 'console-assets',
    // Never a data: URL or an inline module: the CSP allows only files from the hub itself.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    reportCompressedSize: false,
    rollupOptions: {
      // zod's sources carry /* @__PURE__ */ notes Rollup cannot place; it drops them, harmlessly.
      onwarn(warning, warn) {
        if (warning.code !== 'INVALID_ANNOTATION') warn(warning);
      },
    },
  },
});
