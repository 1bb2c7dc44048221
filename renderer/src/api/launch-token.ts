/**
 * How the browser shell's per-launch token reaches the page. A launcher opens the page with a
 * one-time launch code in the fragment (`#code=…`, never sent in a request line); the page
 * exchanges it once, same Origin, for the token (redeemLaunchCode), so a copy of the URL seen on
 * a command line is useless afterwards. In-process test drivers may still hand the token itself
 * (`#token=…`). Either way the token is kept in sessionStorage, so a watchdog reload still
 * authenticates, and the fragment is removed from the address bar and history. The token is a
 * terminal credential, not personal data; it is never logged.
 */
export const TOKEN_STORAGE_KEY = 'kiosk.token';
/** The browser shell's exchange endpoint (electron/shells/browser/server.ts LAUNCH_PATH). */
export const LAUNCH_PATH = '/kiosk-launch';

export interface TokenEnvironment {
  location: { hash: string; pathname: string; search: string };
  storage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
  history: { replaceState(data: unknown, unused: string, url?: string): void };
}

export interface LaunchEnvironment extends TokenEnvironment {
  fetch(url: string, init: { method: 'POST'; headers: Record<string, string>; body: string; credentials: 'same-origin'; cache: 'no-store' }): Promise<{
    ok: boolean;
    status: number;
    json(): Promise<unknown>;
  }>;
}

export type LaunchOutcome = 'no-code' | 'redeemed' | 'refused' | 'unreachable';

function fragment(env: TokenEnvironment): URLSearchParams {
  const hash = env.location.hash.startsWith('#') ? env.location.hash.slice(1) : env.location.hash;
  return new URLSearchParams(hash);
}

function dropFragment(env: TokenEnvironment): void {
  env.history.replaceState(null, '', env.location.pathname + env.location.search);
}

/**
 * Exchanges a `#code=` in the fragment for the token and stores it. The fragment goes first, so a
 * failed exchange does not leave a spent code in the address bar. Without a code it does nothing.
 */
export async function redeemLaunchCode(env: LaunchEnvironment): Promise<LaunchOutcome> {
  const code = fragment(env).get('code');
  if (code === null || code === '') return 'no-code';
  dropFragment(env);
  let response: Awaited<ReturnType<LaunchEnvironment['fetch']>>;
  try {
    response = await env.fetch(LAUNCH_PATH, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code }),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    return 'unreachable';
  }
  if (!response.ok) return 'refused';
  const body = (await response.json().catch(() => null)) as { token?: unknown } | null;
  if (typeof body?.token !== 'string' || body.token === '') return 'refused';
  env.storage.setItem(TOKEN_STORAGE_KEY, body.token);
  return 'redeemed';
}

/** Reads (and stashes) the launch token; returns null when there is none. */
export function takeLaunchToken(env: TokenEnvironment): string | null {
  const fromHash = fragment(env).get('token');
  if (fromHash !== null && fromHash !== '') {
    env.storage.setItem(TOKEN_STORAGE_KEY, fromHash);
    dropFragment(env);
    return fromHash;
  }
  const stored = env.storage.getItem(TOKEN_STORAGE_KEY);
  return stored === null || stored === '' ? null : stored;
}

/** WebSocket subprotocols: the version first (the server echoes it), then the token. */
export const kioskSubprotocols = (token: string): string[] => ['kiosk.v1', `kiosk-token.${token}`];
