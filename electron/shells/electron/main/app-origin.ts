/**
 * The renderer's fixed origin in the Electron shell. A custom privileged scheme (not file://)
 * gives the page a real origin, so CSP 'self', permission checks and sender checks can name it.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'kiosk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * Compares scheme and host rather than URL.origin: WHATWG URL reports origin "null" for
 * non-special schemes such as app:, which would make every app:// URL look alike. The host is
 * lower-cased by hand because Node keeps it as written for non-special schemes (Chromium, with
 * app: registered as standard, already canonicalises it).
 */
export function isAppUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return url.protocol === `${APP_SCHEME}:` && url.host.toLowerCase() === APP_HOST && url.username === '' && url.password === '';
}
