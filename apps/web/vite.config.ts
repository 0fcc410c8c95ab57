import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { rendererAliases } from './renderer-aliases.ts';

const BOOT = 'boot';

/**
 * The page's first script (src/app/boot.ts) is an entry of its own, named in index.html before the app's entry and
 * `async` (at high priority, which an async script does not get by default): the browser runs it as soon as it has
 * loaded, not after the document is parsed, while the app's larger chunks are still loading and being evaluated. The app's entry imports it too, so it runs once, first, either way.
 */
function bootScriptFirst(): Plugin {
  return {
    name: 'boot-script-first',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: (_html, context) => {
        const boot = Object.values(context.bundle ?? {}).find(
          (output) => output.type === 'chunk' && output.isEntry && output.name === BOOT,
        );
        if (!boot) throw new Error('the build has no boot chunk');
        return [
          {
            tag: 'script',
            attrs: { type: 'module', async: true, fetchpriority: 'high', crossorigin: true, src: `/${boot.fileName}` },
            injectTo: 'head-prepend',
          },
        ];
      },
    },
  };
}

// The BFF serves the build; `vite` alone (dev) proxies /api to a BFF on 8080.
export default defineConfig({
  plugins: [react(), bootScriptFirst()],
  resolve: { alias: rendererAliases },
  build: {
    target: 'es2023',
    sourcemap: false,
    chunkSizeWarningLimit: 600,
    rollupOptions: { input: { index: 'index.html', [BOOT]: 'src/app/boot.ts' } },
  },
  server: {
    proxy: { '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false } },
  },
});
