export * from './device.ts';
export * from './device-resources.ts';
export * from './envelope.ts';
export * from './search.ts';
export * from './users.ts';
