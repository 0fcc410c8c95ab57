export * from './ast.ts';
export * from './build.ts';
export * from './duration.ts';
export * from './errors.ts';
export * from './parse.ts';
