/**
 * Navigation lock-down for every webContents: the kiosk page may only ever show our own app://
 * origin. Types only from 'electron' (erased at build), so the module loads without the binary.
 */
import type { WebContents } from 'electron';
import { isAppUrl } from './app-origin.ts';

export interface GuardLogger {
  warn(message: string, fields?: Record<string, unknown>): void;
}

export function guardWebContents(contents: WebContents, logger: GuardLogger): void {
  contents.on('will-navigate', (event) => {
    if (!isAppUrl(event.url)) {
      event.preventDefault();
      logger.warn('navigation blocked', { target: describeUrl(event.url) });
    }
  });
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    logger.warn('webview blocked');
  });
  contents.setWindowOpenHandler(({ url }) => {
    logger.warn('window.open blocked', { target: describeUrl(url) });
    return { action: 'deny' };
  });
}

/** Scheme and host only: a blocked URL's path or query might carry personal data. */
function describeUrl(value: string): string {
  try {
    const url = new URL(value);
    return `${url.protocol}//${url.host}`;
  } catch {
    return '(invalid url)';
  }
}
