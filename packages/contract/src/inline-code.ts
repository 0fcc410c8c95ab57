/**
 * The inline scripts and stylesheets of the built index.html, as the build writes them: a `<script>` or `<style>` with
 * no attributes (apps/web/vite.config.ts inlines the page's first-requests script and its stylesheet so). The BFF
 * allows each by its hash in its CSP; the bundle budget counts the scripts. A module of its own, without dependencies.
 */
const inlineElementsOf = (html: string, tag: 'script' | 'style'): string[] =>
  [...html.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map(([, text]) => text ?? '');

export const inlineScriptsOf = (html: string): string[] => inlineElementsOf(html, 'script');

export const inlineStylesOf = (html: string): string[] => inlineElementsOf(html, 'style');
