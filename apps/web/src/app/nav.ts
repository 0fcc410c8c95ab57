/** The main navigation, each page under the permission that shows it. No imports: the first screen paints it too. */
export const NAV = [
  { to: '/devices', label: 'Devices', permission: 'devices:read' },
  { to: '/helpdesk', label: 'Helpdesk', permission: 'people:lookup' },
  { to: '/overview', label: 'Overview', permission: 'devices:read' },
  { to: '/activity', label: 'Activity', permission: 'audit:read' },
  { to: '/dep', label: 'DEP', permission: 'dep:read' },
  { to: '/import', label: 'Import', permission: 'devices:import' },
  { to: '/webhooks', label: 'Webhooks', permission: 'webhooks:read' },
] as const;
