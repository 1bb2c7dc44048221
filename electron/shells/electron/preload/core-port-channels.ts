/**
 * IPC channels that carry the core's MessagePort to the page (the calls themselves never use IPC).
 * Here rather than in the contract because only the Electron shell has them.
 */
export const CORE_PORT_REQUEST_CHANNEL = 'kiosk-core-port:request';
export const CORE_PORT_CHANNEL = 'kiosk-core-port:port';
