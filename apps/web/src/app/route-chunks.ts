/** The devices page's code: loaded by its route, and by the page's first script when the address names the page. */
export const loadDevicesPage = () => import('../features/devices/components/devices-page.tsx');
