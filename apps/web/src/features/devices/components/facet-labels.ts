import type { FacetKey } from '@mdm-console/contract';
import { humanize, platformName } from '../../../lib/format.ts';

export const FACET_LABELS: Record<FacetKey, string> = {
  platform: 'Platform',
  registrationState: 'Registration state',
  compliance: 'Compliance',
  ownership: 'Ownership',
  model: 'Model',
  osBuild: 'OS version',
  carrier: 'Carrier',
  accountGroup: 'Account group',
  supervised: 'Supervised',
  jailbroken: 'Jailbroken',
  kiosk: 'Kiosk',
  lostMode: 'Lost mode',
};

export const FACET_ORDER: readonly FacetKey[] = [
  'platform',
  'registrationState',
  'compliance',
  'ownership',
  'model',
  'osBuild',
  'carrier',
  'accountGroup',
  'supervised',
  'jailbroken',
  'kiosk',
  'lostMode',
];

export const TIME_WINDOW_LABELS = {
  '1h': 'Last hour',
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  older30d: 'More than 30 days ago',
  older90d: 'More than 90 days ago',
} as const;

/** How a facet value reads to a person. */
export function facetValueLabel(facet: FacetKey, value: string): string {
  if (facet === 'platform') return platformName(value);
  if (facet === 'compliance') return value === 'true' ? 'Compliant' : 'Not compliant';
  if (['supervised', 'jailbroken', 'lostMode'].includes(facet)) return value === 'true' ? 'Yes' : 'No';
  if (['registrationState', 'ownership', 'kiosk'].includes(facet)) return humanize(value);
  return value === '' ? '(none)' : value;
}

export function isFacetKey(key: string): key is FacetKey {
  return Object.hasOwn(FACET_LABELS, key);
}

/** "platform:IOS" → its parts, or undefined when the facet is unknown. */
export function splitFilter(filter: string): { facet: FacetKey; value: string } | undefined {
  const colon = filter.indexOf(':');
  const facet = filter.slice(0, colon);
  return colon > 0 && isFacetKey(facet) ? { facet, value: filter.slice(colon + 1) } : undefined;
}
