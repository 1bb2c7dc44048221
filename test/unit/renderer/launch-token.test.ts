import { describe, expect, it } from 'vitest';
import type { KioskWsSubprotocol, KioskWsTokenProtocolPrefix } from '../../../electron/contract/ws-protocol.ts';
import { TOKEN_STORAGE_KEY, kioskSubprotocols, takeLaunchToken } from '../../../renderer/src/api/launch-token.ts';

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
