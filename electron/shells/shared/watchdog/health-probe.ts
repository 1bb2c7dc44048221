/**
 * "Does it answer?", not "does it live?": a hung event loop keeps the process alive but stops it
 * answering HTTP. One GET with a deadline; only a 2xx within it counts as healthy.
 */
import { request } from 'node:http';

export type ProbeResult = { healthy: true; status: number } | { healthy: false; reason: string };

export function probeHealth(url: string, timeoutMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (result: ProbeResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(result);
    };
    const req = request(url, { method: 'GET', agent: false, headers: { Connection: 'close' } }, (res) => {
      res.resume();
      const status = res.statusCode ?? 0;
      done(status >= 200 && status < 300 ? { healthy: true, status } : { healthy: false, reason: `HTTP ${status}` });
    });
    const timer = setTimeout(() => done({ healthy: false, reason: `no answer within ${timeoutMs} ms` }), timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) => done({ healthy: false, reason: error.code ?? error.message }));
    req.end();
  });
}
