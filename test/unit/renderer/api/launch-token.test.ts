import { describe, expect, it } from 'vitest';
import type { KioskWsSubprotocol, KioskWsTokenProtocolPrefix } from '../../../../electron/contract/ws-protocol.ts';
import { LAUNCH_PATH, TOKEN_STORAGE_KEY, kioskSubprotocols, redeemLaunchCode, takeLaunchToken, type LaunchEnvironment } from '../../../../renderer/src/api/launch-token.ts';

function env(href: { hash: string; pathname?: string; search?: string }, stored: Record<string, string> = {}) {
  const storage = new Map(Object.entries(stored));
  const replaced: string[] = [];
  return {
    storage,
    replaced,
    value: {
      location: { hash: href.hash, pathname: href.pathname ?? '/', search: href.search ?? '' },
      storage: { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => void storage.set(k, v) },
      history: { replaceState: (_data: unknown, _unused: string, url?: string) => void replaced.push(url ?? '') },
    },
  };
}

describe('launch token', () => {
  it('takes the token from the fragment, stores it for reloads and removes the fragment', () => {
    const e = env({ hash: '#token=abc123-_XYZ', pathname: '/index.html', search: '?kiosk=1' });
    expect(takeLaunchToken(e.value)).toBe('abc123-_XYZ');
    expect(e.storage.get(TOKEN_STORAGE_KEY)).toBe('abc123-_XYZ');
    expect(e.replaced).toEqual(['/index.html?kiosk=1']);
  });

  it('after a watchdog reload (no fragment) uses the stored token', () => {
    const e = env({ hash: '' }, { [TOKEN_STORAGE_KEY]: 'kept' });
    expect(takeLaunchToken(e.value)).toBe('kept');
    expect(e.replaced).toEqual([]);
  });

  it('prefers a new launch token over a stored one', () => {
    const e = env({ hash: '#token=fresh' }, { [TOKEN_STORAGE_KEY]: 'old' });
    expect(takeLaunchToken(e.value)).toBe('fresh');
    expect(e.storage.get(TOKEN_STORAGE_KEY)).toBe('fresh');
  });

  it.each(['', '#', '#token=', '#other=1', '#tokenx=abc'])('finds no token in %j with nothing stored', (hash) => {
    const e = env({ hash });
    expect(takeLaunchToken(e.value)).toBeNull();
    expect(e.storage.size).toBe(0);
  });

  it('offers the protocol version and the token as WebSocket subprotocols', () => {
    const version: KioskWsSubprotocol = 'kiosk.v1';
    const prefix: KioskWsTokenProtocolPrefix = 'kiosk-token.';
    expect(kioskSubprotocols('t0k')).toEqual([version, `${prefix}t0k`]);
  });
});

/** The page's side of the exchange, with a recording stand-in for fetch (the server side has its own integration test). */
function launchEnv(hash: string, answer: () => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>) {
  const base = env({ hash, pathname: '/', search: '' });
  const requests: { url: string; body: string; method: string; headers: Record<string, string> }[] = [];
  const value: LaunchEnvironment = {
    ...base.value,
    fetch: (url, init) => {
      requests.push({ url, body: init.body, method: init.method, headers: init.headers });
      return answer();
    },
  };
  return { ...base, value, requests };
}

describe('launch code exchange', () => {
  it('posts the code as JSON to the same origin, stores the token and drops the fragment first', async () => {
    const e = launchEnv('#code=one-time-code-0123456789', async () => ({ ok: true, status: 200, json: async () => ({ token: 'the-token' }) }));
    await expect(redeemLaunchCode(e.value)).resolves.toBe('redeemed');
    expect(e.requests).toEqual([
      { url: LAUNCH_PATH, method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code: 'one-time-code-0123456789' }) },
    ]);
    expect(e.storage.get(TOKEN_STORAGE_KEY)).toBe('the-token');
    expect(e.replaced).toEqual(['/']);
  });

  it('does nothing without a code', async () => {
    const e = launchEnv('#token=abc', async () => ({ ok: true, status: 200, json: async () => ({ token: 'x' }) }));
    await expect(redeemLaunchCode(e.value)).resolves.toBe('no-code');
    expect(e.requests).toEqual([]);
  });

  it.each([
    ['a refusal', async () => ({ ok: false, status: 409, json: async () => ({}) })],
    ['an answer without a token', async () => ({ ok: true, status: 200, json: async () => ({ token: 42 }) })],
    ['an answer that is not JSON', async () => ({ ok: true, status: 200, json: async () => Promise.reject(new Error('bad json')) })],
  ])('reports %s as refused, keeps no token, and still removes the spent code from the address bar', async (_name, answer) => {
    const e = launchEnv('#code=spent-code-0123456789abcd', answer);
    await expect(redeemLaunchCode(e.value)).resolves.toBe('refused');
    expect(e.storage.has(TOKEN_STORAGE_KEY)).toBe(false);
    expect(e.replaced).toEqual(['/']);
  });

  it('reports a shell that cannot be reached as unreachable', async () => {
    const e = launchEnv('#code=any-code-0123456789abcdef', () => Promise.reject(new TypeError('failed to fetch')));
    await expect(redeemLaunchCode(e.value)).resolves.toBe('unreachable');
    expect(e.storage.has(TOKEN_STORAGE_KEY)).toBe(false);
  });
});
