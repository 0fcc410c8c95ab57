import { defineProject } from 'vitest/config';
import { rendererAliases } from './renderer-aliases.ts';

export default defineProject({
  resolve: { alias: rendererAliases },
  test: {
    include: ['test/**/*.test.ts'],
  },
});
