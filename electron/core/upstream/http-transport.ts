/**
 * A `fetch` for the upstream client built on node:http(s) with keep-alive agents. The global
 * fetch (undici) costs about three times the CPU per request on a kiosk-class machine, which
 * matters when the outbox drains thousands of queued submissions after an outage. It implements
 * only what UpstreamClient uses: method, headers, a string body, an AbortSignal and
 * redirect: 'manual' (redirects are returned, never followed). Failures mimic undici's: a
 * TypeError('fetch failed') whose cause carries the socket error code; an abort rejects with the
 * signal's reason.
 *
 * With TLS material (config/credentials.ts) the https agent pins the upstream's CA (only
 * certificates it signed are accepted, not the system's CAs) and presents a client certificate
 * for mutual TLS.
 */
import http from 'node:http';
import https from 'node:https';

export interface HttpFetchTls {
  ca?: string;
  cert?: string;
  key?: string;
}

// Idle sockets are dropped after 4 s, before the 5 s keep-alive timeout common on servers
// (Node's own included): reusing a socket the server is closing would fail the request.
const AGENT_OPTIONS = { keepAlive: true, maxSockets: 8, timeout: 4000 } as const;
const plainAgent = new http.Agent(AGENT_OPTIONS);

export const httpFetch: typeof fetch = createHttpFetch();

export function createHttpFetch(tls: HttpFetchTls = {}): typeof fetch {
  const agents = { 'http:': plainAgent, 'https:': new https.Agent({ ...AGENT_OPTIONS, ...tls }) };
  return (input, init = {}) => request(agents, input, init);
}

function request(agents: { 'http:': http.Agent; 'https:': https.Agent }, input: Parameters<typeof fetch>[0], init: RequestInit = {}): Promise<Response> {
  return new Promise<Response>((resolve, reject) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const signal = init.signal ?? undefined;
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const protocol = url.protocol === 'https:' ? 'https:' : url.protocol === 'http:' ? 'http:' : undefined;
    if (protocol === undefined) {
      reject(new TypeError('fetch failed', { cause: new Error(`unsupported protocol ${url.protocol}`) }));
      return;
    }
    const body = typeof init.body === 'string' ? init.body : undefined;
    const headers = new Headers(init.headers);
    if (body !== undefined) headers.set('content-length', String(Buffer.byteLength(body)));
    const request = (protocol === 'https:' ? https : http).request(url, {
      method: init.method ?? 'GET',
      headers: Object.fromEntries(headers),
      agent: agents[protocol],
    });
    const onAbort = () => {
      request.destroy();
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => signal?.removeEventListener('abort', onAbort);
    request.on('error', (error) => {
      done();
      reject(new TypeError('fetch failed', { cause: error }));
    });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', (error) => {
        done();
        reject(new TypeError('fetch failed', { cause: error }));
      });
      response.on('end', () => {
        done();
        const status = response.statusCode ?? 0;
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(response.headers)) {
          if (typeof value === 'string') responseHeaders.set(name, value);
          else if (Array.isArray(value)) for (const v of value) responseHeaders.append(name, v);
        }
        // Response refuses a body for these statuses.
        const text = status === 204 || status === 205 || status === 304 ? null : Buffer.concat(chunks);
        try {
          resolve(new Response(text, { status, statusText: response.statusMessage ?? '', headers: responseHeaders }));
        } catch (error) {
          reject(new TypeError('fetch failed', { cause: error })); // e.g. a status outside 200-599
        }
      });
    });
    request.end(body);
  });
}
