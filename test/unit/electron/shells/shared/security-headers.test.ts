import { describe, expect, it } from 'vitest';
import { buildContentSecurityPolicy, securityHeaders, webSocketSourcesFor } from '../../../../../electron/shells/shared/security-headers.ts';

const directives = (csp: string) =>
  Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));

describe('security headers', () => {
  it('builds a strict CSP: scripts from self only (WebAssembly compile, no eval), no objects, no framing, no base', () => {
    const csp = directives(buildContentSecurityPolicy());
    expect(csp['default-src']).toEqual(["'self'"]);
    expect(csp['script-src']).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(csp['script-src']).not.toContain("'unsafe-eval'");
    expect(csp['connect-src']).toEqual(["'self'"]);
    expect(csp['img-src']).toEqual(["'self'", 'data:', 'blob:']);
    expect(csp['media-src']).toEqual(["'self'", 'blob:', 'mediastream:']);
    expect(csp['object-src']).toEqual(["'none'"]);
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
    expect(csp['base-uri']).toEqual(["'none'"]);
  });

  it('adds the loopback WebSocket origins to connect-src for the browser shell', () => {
    const sources = webSocketSourcesFor(['http://127.0.0.1:8123', 'http://localhost:8123']);
    expect(sources).toEqual(['ws://127.0.0.1:8123', 'ws://localhost:8123']);
    const csp = directives(buildContentSecurityPolicy({ connectSources: sources }));
    expect(csp['connect-src']).toEqual(["'self'", 'ws://127.0.0.1:8123', 'ws://localhost:8123']);
  });

  it('sets nosniff, no-referrer and camera=(self)', () => {
    const headers = securityHeaders();
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
    expect(headers['Referrer-Policy']).toBe('no-referrer');
    expect(headers['Permissions-Policy']).toMatch(/^camera=\(self\)/);
    expect(headers['Permissions-Policy']).toContain('microphone=()');
  });
});
