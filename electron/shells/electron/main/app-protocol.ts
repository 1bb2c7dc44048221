/**
 * The app:// protocol handler serving the built renderer, with the same traversal defence and
 * security headers as the browser shell. Uses only Fetch API globals, so it runs under plain Node
 * in tests; main.ts passes it to protocol.handle().
 */
import { readFile } from 'node:fs/promises';
import { securityHeaders } from '../../shared/security-headers.ts';
import { resolveStaticFile } from '../../shared/static-files.ts';
import { APP_HOST, APP_SCHEME } from './app-origin.ts';

export function createAppProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  const headers = securityHeaders();
  const plain = (status: number, body: string) =>
    new Response(body, { status, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' } });

  return async (request) => {
    const url = new URL(request.url);
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return plain(404, 'not found');
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'method not allowed');
    // url.pathname keeps percent-encoding: resolveStaticFile decodes and checks it itself.
    const file = await resolveStaticFile(rendererDir, url.pathname);
    if (file === null) return plain(404, 'not found');
    const body = request.method === 'HEAD' ? null : await readFile(file.absolutePath);
    return new Response(body, {
      status: 200,
      headers: { ...headers, 'Content-Type': file.contentType, 'Content-Length': String(file.size), 'Cache-Control': 'no-cache' },
    });
  };
}
