import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express } from 'express';
import { inlineScriptsOf, inlineStylesOf } from '@mdm-console/contract/inline-code';

/** The built SPA, read once at start: the page every app address answers, and what its CSP must allow. */
export interface WebApp {
  dist: string;
  indexHtml: string;
  /** `'sha256-…'` of each inline script of index.html (the page's first requests), for the CSP's script-src. */
  inlineScriptHashes: string[];
  /** `'sha256-…'` of each inline stylesheet of index.html (the app's styles), for the CSP's style-src. */
  inlineStyleHashes: string[];
}

const hashSourceOf = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

export function loadWebApp(dist: string | undefined): WebApp | undefined {
  if (dist === undefined || !existsSync(join(dist, 'index.html'))) return undefined;
  const indexHtml = readFileSync(join(dist, 'index.html'), 'utf8');
  return {
    dist,
    indexHtml,
    inlineScriptHashes: inlineScriptsOf(indexHtml).map(hashSourceOf),
    inlineStyleHashes: inlineStylesOf(indexHtml).map(hashSourceOf),
  };
}

export function serveWeb(app: Express, web: WebApp | undefined): void {
  if (web === undefined) {
    app.get('/', (_req, res) => {
      res.type('text/plain').send('mdm-console: the API is at /api (see /api/openapi.json); the web app is not built.');
    });
    return;
  }
  const assets = join(web.dist, 'assets');
  app.use(
    express.static(web.dist, {
      index: false,
      setHeaders: (res, path) => {
        // Hashed assets never change; index.html always must be fetched anew.
        res.setHeader('Cache-Control', path.includes(assets) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    }),
  );
  // The page as read at start, so that it is always the one whose inline scripts and styles the CSP allows.
  app.get(/^(?!\/api\/).*/, (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(web.indexHtml);
  });
}
