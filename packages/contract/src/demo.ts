import type { Role, SpaceScope } from './common.ts';

/** The demo tenant's sign-ins (DEMO_MODE creates them; `npm start` prints them; tests sign in with them). */
export const DEMO_PASSWORD = 'mdm-console-demo';

/** The demo tenant's EMEA device space (the simulator's seed). */
export const DEMO_EMEA_SPACE = 23505;

export const DEMO_ACCOUNTS = [
  { email: 'admin@demo.local', role: 'admin', spaces: 'all', purpose: 'everything' },
  {
    email: 'approver@demo.local',
    role: 'admin',
    spaces: 'all',
    purpose: 'a second administrator, to approve what the first requests',
  },
  { email: 'helpdesk@demo.local', role: 'helpdesk', spaces: 'all', purpose: 'look-ups and everyday actions' },
  {
    email: 'emea-helpdesk@demo.local',
    role: 'helpdesk',
    spaces: [DEMO_EMEA_SPACE],
    purpose: 'the helpdesk of the EMEA device space only',
  },
  { email: 'viewer@demo.local', role: 'viewer', spaces: 'all', purpose: 'read only' },
] as const satisfies readonly { email: string; role: Role; spaces: SpaceScope; purpose: string }[];

export type DemoEmail = (typeof DEMO_ACCOUNTS)[number]['email'];

/**
 * The demo OpenID provider's people and their groups (DEMO_MODE starts the provider), and the role map that the demo
 * gives the console: one group per role, one for the EMEA helpdesk, and a person in no mapped group.
 */
export const DEMO_SSO_USERS = [
  { email: 'ada@sso.demo.local', name: 'Ada Admin', groups: ['mdm-admins'] },
  { email: 'hugo@sso.demo.local', name: 'Hugo Helpdesk', groups: ['helpdesk-emea', 'all-staff'] },
  { email: 'vera@sso.demo.local', name: 'Vera Viewer', groups: ['mdm-viewers'] },
  { email: 'nobody@sso.demo.local', name: 'Noah Nobody', groups: ['all-staff'] },
] as const;

export const DEMO_ROLE_MAP = {
  'mdm-admins': 'admin',
  'mdm-viewers': 'viewer',
  'helpdesk-emea': { role: 'helpdesk', spaces: [DEMO_EMEA_SPACE] },
} as const;
