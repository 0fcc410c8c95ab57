import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The BFF serves the build; `vite` alone (dev) proxies /api to a BFF on 8080.
export default defineConfig({
  plugins: [react()],
  build: {
    target: 'es2023',
    sourcemap: false,
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: { '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false } },
  },
});
