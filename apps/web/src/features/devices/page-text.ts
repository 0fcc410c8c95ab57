import { formatCount } from '../../lib/format.ts';

/** What the devices page says, shared with its first screen (painted before the app has loaded). */
export const SEARCH_PLACEHOLDER = 'Search devices by name, user, email, serial, IMEI, phone or model  ( / )';

/** "1,234 devices", and "of" the space's whole count when filters narrow it. */
export const resultCountText = (total: number, unfilteredTotal: number): string =>
  `${formatCount(total)} device${total === 1 ? '' : 's'}${
    total !== unfilteredTotal ? ` of ${formatCount(unfilteredTotal)}` : ''
  }`;
