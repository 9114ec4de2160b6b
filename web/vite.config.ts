import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

// The front end is served by `sf serve` from web/dist: every asset (DSFR CSS, Marianne fonts,
// icons, the map of France) is bundled so that the app never calls an external host.
const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [vue()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 4096,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    // `npx vite --config web/vite.config.ts` for UI work against a running `sf serve`.
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
