// @ts-check
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Packages each workspace may not import (architecture.md: dependencies point one way; nothing imports an app). */
const forbiddenImports = {
  'packages/mdm-api/**': ['@mdm-console/contract', '@mdm-console/mdm-sim', '@mdm-console/bff', '@mdm-console/web'],
  'packages/contract/**': ['@mdm-console/mdm-api', '@mdm-console/mdm-sim', '@mdm-console/bff', '@mdm-console/web'],
  'apps/mdm-sim/**': ['@mdm-console/contract', '@mdm-console/bff', '@mdm-console/web'],
  'apps/bff/**': ['@mdm-console/mdm-sim', '@mdm-console/web'],
  'apps/web/**': ['@mdm-console/mdm-api', '@mdm-console/mdm-sim', '@mdm-console/bff'],
};

/**
 * The one edge against the direction, declared on purpose: the contract checks action parameters with the vendor's
 * own limits (message length, PIN and OS-version patterns), so it reads them from mdm-api's vendor-facts, a module
 * that imports nothing. Nothing else of mdm-api reaches the contract, nor through it the SPA.
 * @type {Record<string, string[]>}
 */
const DECLARED_EDGES = { 'packages/contract/**': ['@mdm-console/mdm-api/vendor-facts'] };

const WRONG_WAY = 'This dependency points the wrong way (architecture.md).';

/**
 * A forbidden package is refused by its name and by any sub-path (`@mdm-console/mdm-api/…`), except a declared edge.
 * @param {string[]} names
 * @param {string[]} declared
 * @returns {import('eslint').Linter.RuleEntry}
 */
const restrictImports = (names, declared) => [
  'error',
  {
    paths: names.map((name) => ({ name, message: WRONG_WAY })),
    patterns: [
      {
        group: [...names.map((name) => `${name}/*`), ...declared.map((path) => `!${path}`)],
        message: WRONG_WAY,
      },
    ],
  },
];

/** The SPA's features, read from their folders: a new feature is fenced in the day it is created. */
const WEB_FEATURES = readdirSync(join(import.meta.dirname, 'apps/web/src/features'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'data/**',
      'bench-results/**',
      'test-results/**',
      'playwright-report/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        projectService: { allowDefaultProject: ['packages/devkit/src/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { 'import-x': importX },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/ban-ts-comment': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      'no-console': 'error',
      'import-x/no-cycle': 'error',
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: './packages', from: './apps', message: 'Packages never import an app.' },
            { target: './apps/mdm-sim', from: ['./apps/bff', './apps/web'], message: 'Nothing imports an app.' },
            { target: './apps/bff', from: ['./apps/mdm-sim', './apps/web'], message: 'Nothing imports an app.' },
            {
              target: './apps/web',
              from: ['./apps/mdm-sim', './apps/bff', './packages/mdm-api'],
              message: 'The SPA talks only to the BFF, through contract.',
            },
          ],
        },
      ],
    },
  },
  ...Object.entries(forbiddenImports).map(([files, names]) => ({
    files: [files],
    rules: {
      'no-restricted-imports': restrictImports(names, DECLARED_EDGES[files] ?? []),
    },
  })),
  {
    // openid-client marks allowInsecureRequests deprecated "only to make it stand out". The console calls it in this one
    // file, for a provider on this machine over plain http (the demo's and the tests'); the configuration refuses plain
    // http anywhere else. Every other deprecated API stays an error, here too.
    files: ['apps/bff/src/upstream/identity-provider.ts'],
    rules: {
      '@typescript-eslint/no-deprecated': [
        'error',
        { allow: [{ from: 'package', package: 'openid-client', name: 'allowInsecureRequests' }] },
      ],
    },
  },
  {
    // Imported by the contract, and so by the SPA: vendor facts depend on nothing.
    files: ['packages/mdm-api/src/vendor-facts.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['*'], message: 'vendor-facts.ts is read by the contract and the SPA: it imports nothing.' },
          ],
        },
      ],
    },
  },
  {
    // The SPA: browser globals, the rules of hooks, and its own layering (app → features → shared).
    files: ['apps/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // Advice for the React Compiler, which this app does not use.
      'react-hooks/incompatible-library': 'off',
      // `onClick={() => setOpen(false)}` is the React idiom; braces would add nothing.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // The router's redirect is thrown by design (TanStack Router).
      '@typescript-eslint/only-throw-error': [
        'error',
        { allow: [{ from: 'package', package: '@tanstack/router-core', name: 'Redirect' }] },
      ],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './apps/web/src/features',
              from: './apps/web/src/app',
              message: 'Features never import the app.',
            },
            {
              target: ['./apps/web/src/lib', './apps/web/src/components'],
              from: ['./apps/web/src/app', './apps/web/src/features'],
              message: 'Shared code imports no feature and not the app.',
            },
            ...WEB_FEATURES.map((feature) => ({
              target: `./apps/web/src/features/${feature}`,
              from: './apps/web/src/features',
              except: [
                `./${feature}`,
                ...WEB_FEATURES.filter((other) => other !== feature).map((other) => `./${other}/public.ts`),
              ],
              message: 'A feature uses another only through its public.ts (style.md).',
            })),
            {
              target: './apps/web',
              from: ['./apps/mdm-sim', './apps/bff', './packages/mdm-api'],
              message: 'The SPA talks only to the BFF, through contract.',
            },
          ],
        },
      ],
    },
  },
  {
    // Server calls live only in features/<feature>/api: nothing else calls the API client or fetch.
    files: ['apps/web/src/**/*.{ts,tsx}'],
    // early-requests.ts is the API client's transport (what the features' api files start early, it answers them).
    ignores: ['apps/web/src/features/*/api/**', 'apps/web/src/lib/early-requests.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: forbiddenImports['apps/web/**'].map((name) => ({ name, message: WRONG_WAY })),
          patterns: [
            { group: forbiddenImports['apps/web/**'].map((name) => `${name}/*`), message: WRONG_WAY },
            {
              group: ['**/lib/api-client.ts'],
              importNames: ['api'],
              message: 'Call the server from features/<feature>/api only.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: 'Call the server from features/<feature>/api only.' },
      ],
    },
  },
  {
    // A build config has no cycles to find; the rule's node resolver cannot load Vite's package.
    files: ['apps/web/vite.config.ts'],
    rules: { 'import-x/no-cycle': 'off' },
  },
  {
    // Command-line entry points print to the terminal on purpose.
    files: ['apps/*/src/main.ts', 'apps/bff/src/cli/**', 'packages/devkit/src/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/test/**', '**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'error',
      '@typescript-eslint/no-unsafe-member-access': 'error',
    },
  },
);
