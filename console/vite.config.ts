// The console's own build: Preact through esbuild's automatic JSX runtime (no Babel preset
// needed), one hashed bundle in dist/assets/, nothing loaded from another host.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Inlined assets would need `data:` in the CSP; the console has none worth inlining.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
  // `npm run console:dev`: hot reload against a Hookgate already running on :4000.
  server: { proxy: { '/graphql': { target: 'http://127.0.0.1:4000', ws: true } } },
});
