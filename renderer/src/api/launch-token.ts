/**
 * The browser shell's per-launch token arrives in the URL fragment (never sent to the server in
 * a request line). It is moved to sessionStorage so a watchdog reload still authenticates, and
 * the fragment is removed so the token is not left visible in the address bar or history.
 * The token is a terminal credential, not personal data.
 */
export const TOKEN_STORAGE_KEY = 'kiosk.token';

export interface TokenEnvironment {
  location: { hash: string; pathname: string; search: string };
  storage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
  history: { replaceState(data: unknown, unused: string, url?: string): void };
}

/** Reads (and stashes) the launch token; returns null when there is none. */
export function takeLaunchToken(env: TokenEnvironment): string | null {
  const hash = env.location.hash.startsWith('#') ? env.location.hash.slice(1) : env.location.hash;
  const fromHash = new URLSearchParams(hash).get('token');
  if (fromHash !== null && fromHash !== '') {
    env.storage.setItem(TOKEN_STORAGE_KEY, fromHash);
    env.history.replaceState(null, '', env.location.pathname + env.location.search);
    return fromHash;
  }
  const stored = env.storage.getItem(TOKEN_STORAGE_KEY);
  return stored === null || stored === '' ? null : stored;
}

/** WebSocket subprotocols: the version first (the server echoes it), then the token. */
export const kioskSubprotocols = (token: string): string[] => ['kiosk.v1', `kiosk-token.${token}`];
