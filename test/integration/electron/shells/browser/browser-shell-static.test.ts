import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestShell } from '../../../../support/browser-shell-stack.ts';

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Raw request: fetch() would normalise '/../' away before it reaches the server. */
function rawGet(port: number, path: string, options: { method?: string; host?: string } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: { host: options.host ?? `127.0.0.1:${port}` } },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      },
    );
    request.on('error', reject);
    request.end();
  });
}

describe('browser shell: static renderer over HTTP', () => {
  let env: Awaited<ReturnType<typeof startTestShell>>;
  let port: number;
  beforeAll(async () => {
    env = await startTestShell();
    port = env.shell.port;
  });
  afterAll(async () => {
    await env.stop();
  });

  it('serves index.html for / with the security headers', async () => {
    const response = await rawGet(port, '/');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.body).toContain('便民自助终端');
    const csp = response.headers['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${port}`);
    expect(csp).toContain("img-src 'self' data: blob:");
    expect(csp).toContain("media-src 'self' blob: mediastream:");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("script-src 'self'");
    // WebAssembly may compile (the face check's tfjs backend); eval and inline scripts may not.
    expect(csp).toMatch(/script-src 'self' 'wasm-unsafe-eval'(;|$)/);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-(eval|inline)'/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['permissions-policy']).toContain('camera=(self)');
  });

  it.each([
    ['/assets/app.js', 'text/javascript; charset=utf-8'],
    ['/assets/style.css', 'text/css; charset=utf-8'],
    ['/assets/logo.svg', 'image/svg+xml'],
    ['/assets/font.woff2', 'font/woff2'],
    ['/index.html?v=2', 'text/html; charset=utf-8'],
  ])('serves %s as %s', async (path, type) => {
    const response = await rawGet(port, path);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe(type);
  });

  it('answers HEAD without a body', async () => {
    const response = await rawGet(port, '/assets/app.js', { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers['content-length']).toBe(String('console.log("kiosk");'.length));
    expect(response.body).toBe('');
  });

  it.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/secret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/..%2fsecret.txt',
    '/%2e%2e%2fsecret.txt',
    '/..%5csecret.txt',
    '/assets/escape.txt',
    '/index.html%00.js',
    '/%E0%A4%A',
    '/assets/',
    '/assets',
    '//etc/passwd',
    '/missing.js',
  ])('refuses %s with 404 and never leaks the secret', async (path) => {
    const response = await rawGet(port, path);
    expect(response.status).toBe(404);
    expect(response.body).not.toContain('SECRET');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('answers /healthz with 200 ok and no data', async () => {
    const response = await rawGet(port, '/healthz');
    expect(response.status).toBe(200);
    expect(response.body).toBe('ok');
  });

  it('refuses methods other than GET and HEAD with 405', async () => {
    const response = await rawGet(port, '/', { method: 'POST' });
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe('GET, HEAD');
  });

  it('refuses a foreign Host header with 421 (DNS rebinding)', async () => {
    const response = await rawGet(port, '/', { host: `evil.example:${port}` });
    expect(response.status).toBe(421);
    expect((await rawGet(port, '/', { host: `localhost:${port}` })).status).toBe(200);
  });

  it('keeps serving after all of the above', async () => {
    const response = await fetch(env.shell.url);
    expect(response.status).toBe(200);
  });
});
