/** The maintenance screens, in menu order (their titles are `nav.<id>` in the maintenance strings). */
export const MAINTENANCE_SCREENS = ['overview', 'devices', 'dispenser', 'payments', 'queue', 'config', 'versions', 'network', 'export', 'service', 'system'] as const;
export type MaintenanceScreen = (typeof MAINTENANCE_SCREENS)[number];
