import react from '@vitejs/plugin-react';
import { build, defineConfig, type Plugin } from 'vite';
import { rendererAliases } from './renderer-aliases.ts';

const BOOT = 'boot';
const FIRST_REQUESTS = 'src/app/first-requests.ts';
const TARGET = 'es2023';

/** src/app/first-requests.ts bundled alone as one classic script, minified, for index.html to hold inline. */
async function firstRequestsScript(): Promise<string> {
  const output = await build({
    configFile: false,
    root: import.meta.dirname,
    logLevel: 'warn',
    publicDir: false,
    resolve: { alias: rendererAliases },
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      write: false,
      target: TARGET,
      minify: true,
      lib: { entry: FIRST_REQUESTS, formats: ['iife'], name: 'mdmFirstRequests' },
      rollupOptions: {
        // The router's "use client" marks modules for React Server Components: nothing to keep in a browser script.
        onwarn: (warning, warn) => {
          if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
        },
      },
    },
  });
  const chunks = (Array.isArray(output) ? output : [output]).flatMap((result) =>
    'output' in result ? result.output.filter((file) => file.type === 'chunk') : [],
  );
  const [chunk, ...others] = chunks;
  if (!chunk || others.length > 0) throw new Error(`${FIRST_REQUESTS} must build to exactly one script`);
  if (/<\/script/i.test(chunk.code)) throw new Error(`${FIRST_REQUESTS} cannot be inlined: it contains </script`);
  return chunk.code.trim();
}

/**
 * The page's first two scripts, ahead of the app's entry:
 * - inline, the first requests (src/app/first-requests.ts): the parser runs it as soon as it reaches it, so that the
 *   session and the first search are under way before any script file has even loaded. The BFF's Content-Security-Policy
 *   allows exactly the inline scripts of index.html, by their hashes.
 * - the boot chunk (src/app/boot.ts), an entry of its own and `async` (at high priority, which an async script does not
 *   get by default): the browser runs it as soon as it has loaded, not after the document is parsed, and it loads the
 *   first screen's code while the app's larger chunks are still loading and being evaluated. The app's entry imports it
 *   too, so it runs once, first, either way.
 */
function firstScriptsAhead(): Plugin {
  return {
    name: 'first-scripts-ahead',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: async (_html, context) => {
        const boot = Object.values(context.bundle ?? {}).find(
          (output) => output.type === 'chunk' && output.isEntry && output.name === BOOT,
        );
        if (!boot) throw new Error('the build has no boot chunk');
        return [
          { tag: 'script', children: await firstRequestsScript(), injectTo: 'head-prepend' },
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

/**
 * The stylesheet inline in index.html instead of linked: a linked one holds back the first paint until it has loaded,
 * one more request in the first screen's chain, and every address of the app needs it (16 KB, 4 KB gzip). The BFF's
 * Content-Security-Policy allows exactly the inline styles of index.html, by their hashes.
 */
function stylesheetInline(): Plugin {
  return {
    name: 'stylesheet-inline',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: (html, context) => {
        const bundle = context.bundle ?? {};
        return html.replace(/<link rel="stylesheet"[^>]*? href="\/([^"]+\.css)"[^>]*>/g, (_link, fileName: string) => {
          const asset = bundle[fileName];
          if (asset?.type !== 'asset') throw new Error(`index.html links ${fileName}, which the build does not have`);
          const css = typeof asset.source === 'string' ? asset.source : new TextDecoder().decode(asset.source);
          if (/<\/style/i.test(css)) throw new Error(`${fileName} cannot be inlined: it contains </style`);
          // Nothing else loads it: the file is not written.
          Reflect.deleteProperty(bundle, fileName);
          return `<style>${css.trim()}</style>`;
        });
      },
    },
  };
}

// The BFF serves the build; `vite` alone (dev) proxies /api to a BFF on 8080.
export default defineConfig({
  plugins: [react(), firstScriptsAhead(), stylesheetInline()],
  resolve: { alias: rendererAliases },
  build: {
    target: TARGET,
    sourcemap: false,
    chunkSizeWarningLimit: 600,
    rollupOptions: { input: { index: 'index.html', [BOOT]: 'src/app/boot.ts' } },
  },
  server: {
    proxy: { '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false } },
  },
});
