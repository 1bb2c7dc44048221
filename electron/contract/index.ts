export * from './channels.ts';
export type * from './kiosk-api.ts';
export { KIOSK_ERROR_CODES } from './kiosk-api.ts';
export type * from './schemas.ts';
