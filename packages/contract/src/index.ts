export * from './audit.ts';
export * from './common.ts';
export * from './devices.ts';
export * from './endpoints.ts';
export * from './openapi.ts';
export * from './people.ts';
export * from './session.ts';
export * from './tenant.ts';
