// @ts-check
import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
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
 * @param {string[]} names
 * @returns {['error', { paths: { name: string; message: string }[] }]}
 */
const restrictImports = (names) => [
  'error',
  { paths: names.map((name) => ({ name, message: 'This dependency points the wrong way (architecture.md).' })) },
];

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
      'no-restricted-imports': restrictImports(names),
    },
  })),
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
