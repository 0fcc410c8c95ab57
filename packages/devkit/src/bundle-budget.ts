import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { inlineScriptsOf } from '@mdm-console/contract/inline-code';
import { WEB_DIST, ensureWebBuild } from './web-build.ts';

/** Initial JavaScript of the SPA, gzip: what index.html holds inline and loads before any route's own chunk. */
export const INITIAL_JS_BUDGET_BYTES = 120 * 1024;

export function initialScripts(): { file: string; gzipBytes: number }[] {
  const html = readFileSync(join(WEB_DIST, 'index.html'), 'utf8');
  const sources = [
    ...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="([^"]+\.js)"/g),
  ].map((match) => match[1] ?? '');
  const inline = inlineScriptsOf(html).map((script, index) => ({
    file: `(inline script ${String(index + 1)})`,
    gzipBytes: gzipSync(script).length,
  }));
  return [
    ...inline,
    ...[...new Set(sources)].map((source) => ({
      file: source,
      gzipBytes: gzipSync(readFileSync(join(WEB_DIST, source.replace(/^\//, '')))).length,
    })),
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  ensureWebBuild();
  const scripts = initialScripts();
  const total = scripts.reduce((sum, script) => sum + script.gzipBytes, 0);
  for (const script of scripts) console.log(`  ${script.file}  ${(script.gzipBytes / 1024).toFixed(1)} KB gzip`);
  const verdict = total <= INITIAL_JS_BUDGET_BYTES ? 'within' : 'OVER';
  console.log(
    `Initial JavaScript: ${(total / 1024).toFixed(1)} KB gzip, ${verdict} the ${INITIAL_JS_BUDGET_BYTES / 1024} KB budget.`,
  );
  if (total > INITIAL_JS_BUDGET_BYTES) process.exit(1);
}
