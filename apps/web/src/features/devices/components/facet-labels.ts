import { isFacetKey, splitFacetFilter, type FacetKey } from '@mdm-console/contract';
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

/** "platform:IOS" → its parts, or undefined when the facet is unknown. */
export function splitFilter(filter: string): { facet: FacetKey; value: string } | undefined {
  const { key, value } = splitFacetFilter(filter);
  return isFacetKey(key) ? { facet: key, value } : undefined;
}
