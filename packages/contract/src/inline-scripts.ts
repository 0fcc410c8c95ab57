/**
 * The inline scripts of the built index.html, as the build writes them: a `<script>` with no attributes
 * (apps/web/vite.config.ts inlines the page's first-requests script so). The BFF allows each by its hash in its CSP; the
 * bundle budget counts them. A module of its own, without dependencies.
 */
export const inlineScriptsOf = (html: string): string[] =>
  [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map(([, script]) => script ?? '');
