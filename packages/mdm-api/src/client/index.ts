export * from './client.ts';
export * from './errors.ts';
export * from './limiter.ts';
export { nextCursor } from './device-walk.ts';
