import type { Role } from './common.ts';

/** The demo tenant's sign-ins (DEMO_MODE creates them; `npm start` prints them; tests sign in with them). */
export const DEMO_PASSWORD = 'mdm-console-demo';

export const DEMO_ACCOUNTS = [
  { email: 'admin@demo.local', role: 'admin', purpose: 'everything' },
  {
    email: 'approver@demo.local',
    role: 'admin',
    purpose: 'a second administrator, to approve what the first requests',
  },
  { email: 'helpdesk@demo.local', role: 'helpdesk', purpose: 'look-ups and everyday actions' },
  { email: 'viewer@demo.local', role: 'viewer', purpose: 'read only' },
] as const satisfies readonly { email: string; role: Role; purpose: string }[];

export type DemoEmail = (typeof DEMO_ACCOUNTS)[number]['email'];
