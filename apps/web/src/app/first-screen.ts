/**
 * Whether an address opens the devices page (its own path, or the root, which redirects there): the screen whose
 * requests and code the page's first scripts start early. No imports, so that the inline first script can hold it.
 */
export const opensDevicesPage = (pathname: string): boolean => pathname === '/' || pathname === '/devices';
