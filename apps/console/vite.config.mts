import { defineConfig } from 'vite';

/**
 * The console: built by `npm run build` (from the repository root) into dist/console, which
 * subscriptions serves under /console. Vite 8 compiles TSX itself (oxc), so no React plugin is
 * needed for a production build.
 */
export default defineConfig({
  root: 'apps/console',
  base: '/console/',
  publicDir: 'public',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: '../../dist/console',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    // One origin, no inline script: the CSP allows only 'self'.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    reportCompressedSize: true,
  },
});
