export { startSimulator, type RunningSimulator } from './server.ts';
export { defaultSettings, readSettings, SettingsError, type SimSettings } from './settings.ts';
export { Simulator } from './simulator.ts';
export { generateTenant } from './tenant/generate.ts';
