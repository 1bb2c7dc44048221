/**
 * Channel names shared by the preload, the Electron IPC registry and the WebSocket transport.
 * Kept free of zod so the sandboxed preload bundle stays tiny.
 */
export const CHANNEL_PREFIX = 'kiosk:' as const;

/** Every request/response method of KioskApi, in one list so both shells expose the same set. */
export const KIOSK_METHODS = [
  'getTerminalInfo',
  'startSession',
  'extendSession',
  'endSession',
  'readIdCard',
  'cancelIdCardRead',
  'queryCredit',
  'printCreditReceipt',
  /** The credit report on A4 through the OS printer (when TerminalInfo.a4Printing). */
  'printCreditReport',
  'getDeviceStatus',
  'reportDeviceStatus',
  // Citizen services (issue 5); shapes in service-api.ts / service-schemas.ts.
  'queryEnterpriseCredit',
  'listCommitmentMatters',
  'getCommitmentMatter',
  'submitCommitment',
  'listForms',
  'startForm',
  'validateForm',
  'submitForm',
  'scanELicence',
  'verifyELicence',
  'cancelScan',
  'queryProgress',
  'listGuides',
  'getGuide',
  'callStaff',
  'cancelStaffCall',
  'queryTrafficViolations',
  'uploadIdPhoto',
  'printServiceReceipt',
  // The outbox (issue 4): 好差评 and the network state shown on screen.
  'submitEvaluation',
  'getNetworkState',
  // Maintenance mode (issue 6); shapes in maintenance-api.ts / maintenance-schemas.ts.
  'staffCornerTap',
  'staffLogin',
  'staffCardLogin',
  'cancelStaffCardLogin',
  'staffLogout',
  'getServiceMode',
  'getMaintenanceOverview',
  'runSelfTest',
  'cancelSelfTest',
  'listQueue',
  'retryQueueItem',
  'acknowledgeQueueItem',
  'getConfig',
  'validateConfig',
  'applyConfig',
  'listConfigVersions',
  'restorePreviousConfig',
  'networkTest',
  'exportLogs',
  'exportAudit',
  'verifyAudit',
  'setServiceMode',
  'restartApp',
] as const;

export type KioskMethod = (typeof KIOSK_METHODS)[number];

/** Core → renderer push events. */
export const KIOSK_EVENTS = [
  'deviceStatus',
  'sessionEnded',
  'configChanged',
  'staffCall',
  'scanRejected',
  'networkState',
  'serviceModeChanged',
  'staffSessionEnded',
] as const;
export type KioskEventName = (typeof KIOSK_EVENTS)[number];

export const methodChannel = (method: KioskMethod): `${typeof CHANNEL_PREFIX}${KioskMethod}` =>
  `${CHANNEL_PREFIX}${method}`;

/** One channel carries all events; the payload names the event. */
export const EVENT_CHANNEL = `${CHANNEL_PREFIX}event` as const;

export const isKioskMethod = (value: unknown): value is KioskMethod =>
  typeof value === 'string' && (KIOSK_METHODS as readonly string[]).includes(value);
