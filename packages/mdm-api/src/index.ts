export * from './fq/index.ts';
export * from './schemas/index.ts';
export * from './vendor-facts.ts';
export * from './vendor-rules.ts';
export * from './client/index.ts';
