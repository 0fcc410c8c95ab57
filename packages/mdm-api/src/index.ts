export * from './fq/index.ts';
export * from './schemas/index.ts';
export * from './vendor-facts.ts';
export * from './client/index.ts';
