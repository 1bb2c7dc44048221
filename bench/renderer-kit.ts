/**
 * Shared by the renderer benchmarks: the built renderer (dist/renderer) served from loopback, in
 * Debian's Chromium, talking to a scripted stand-in for the core over the page's own WebSocket
 * (Playwright's routeWebSocket, or a real socket on the loopback server). The stand-in answers
 * at once, so the figures are the renderer's own, not the devices' or the upstream's.
 * Fictitious data only.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page, type WebSocketRoute } from '@playwright/test';
import { WebSocketServer } from 'ws';

/** RENDERER_DIR: another build (e.g. vite build --outDir), so a long run is not disturbed by a rebuild. */
export const RENDERER_DIR = resolve(process.env.RENDERER_DIR ?? resolve(import.meta.dirname, '..', 'dist', 'renderer'));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.ogg': 'audio/ogg',
};

export function requireBuild(): void {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    console.error('dist/renderer is missing: run `npx vite build --config renderer/vite.config.ts` first');
    process.exit(2);
  }
}

/**
 * 'none': every load fetches and compiles everything (no-store): the cold worst case.
 * 'revalidate': ETag + no-cache, answered with 304: what a shell with validators gives a kiosk's
 * reloads, letting Chromium reuse its HTTP cache and V8 code cache.
 */
export type CacheMode = 'none' | 'revalidate';

export async function serveRenderer(cache: CacheMode = 'none', socketCore = false): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(RENDERER_DIR, path === '/' ? 'index.html' : path);
    if (!file.startsWith(RENDERER_DIR) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    const body = readFileSync(file);
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    if (cache === 'none') {
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
      return;
    }
    const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag, 'cache-control': 'no-cache' }).end();
      return;
    }
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-cache', etag });
    res.end(body);
  });
  const sockets = socketCore ? socketScriptedCore(server) : null;
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: async () => {
      for (const client of sockets?.clients ?? []) client.terminate();
      sockets?.close();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}

const SERVICES = ['credit-query', 'credit-commitment', 'form-filling', 'e-licence', 'progress-query', 'service-guide'];
/** One pinyin field is all the keyboard benchmark needs. */
const BENCH_FORM = {
  formId: 'bench-form',
  version: '1',
  title: { 'zh-CN': '基准测试表' },
  requiresIdCard: false,
  sections: [
    {
      id: 'main',
      title: { 'zh-CN': '信息' },
      fields: [
        { id: 'address', type: 'textarea', label: { 'zh-CN': '地址' }, required: true, maxLength: 100, keyboard: 'pinyin', sensitive: false, lockedWhenPrefilled: false },
      ],
    },
  ],
};
const card = { cardType: 'resident', name: '测试甲', idNumberMasked: '110***********002X', gender: 'female' };
let reportSeq = 0;

/** The stand-in core: what each method answers. Unknown methods fail like a core would. */
function answer(method: string, payload: Record<string, unknown>): { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } } {
  const now = new Date().toISOString();
  switch (method) {
    case 'getTerminalInfo':
      return {
        ok: true,
        value: {
          terminalId: 'BENCH-0001',
          version: '0.0.0',
          shell: 'browser',
          locale: 'zh-CN',
          services: SERVICES.map((id) => ({ id, group: 'government', titleKey: `service.${id}`, icon: 'tile', available: true })),
          hall: { name: { 'zh-CN': '基准测试大厅', 'en-US': 'Bench hall' }, emblem: 'government-service', hotline: '12345', cardReader: 'below-right' },
          // Long enough that no warning interrupts a benchmark.
          timeouts: { inactivitySeconds: 3600, warningSeconds: 20, elderWarningSeconds: 30, idCardReadSeconds: 30 },
        },
      };
    case 'startSession':
    case 'extendSession':
      return { ok: true, value: { sessionId: 'bench-session', startedAt: now } };
    case 'endSession':
      return { ok: true, value: { wiped: true } };
    case 'readIdCard':
      return { ok: true, value: card };
    case 'cancelIdCardRead':
    case 'cancelScan':
      return { ok: true, value: { cancelled: false } };
    case 'getPersonCheckStatus':
      // A terminal configured without 人证核验: the renderer's own figures, not the face models' (bench/renderer-person-check.ts).
      return { ok: true, value: { required: false, decision: 'pending', triesLeft: 3, maxTries: 3 } };
    case 'queryCredit':
      reportSeq += 1;
      return {
        ok: true,
        value: {
          reportNo: `XY${String(reportSeq).padStart(10, '0')}`,
          subjectName: card.name,
          idNumberMasked: card.idNumberMasked,
          status: 'good',
          entries: [{ category: 'red-list', title: '守信红名单：A级纳税人', authority: '示例市税务局', date: '2025-04-10' }],
          queriedAt: now,
          verifyUrl: 'https://verify.example.test/x',
        },
      };
    case 'queryEnterpriseCredit':
      return {
        ok: true,
        value: {
          reportNo: `QY${String((reportSeq += 1)).padStart(10, '0')}`,
          creditCode: String(payload.creditCode ?? ''),
          entityName: '示例科技有限公司',
          entityType: '有限责任公司',
          legalRepresentative: '测试乙',
          registeredAt: '2019-03-12',
          status: 'good',
          entries: [],
          queriedAt: now,
          verifyUrl: 'https://verify.example.test/y',
        },
      };
    case 'printCreditReceipt':
    case 'printServiceReceipt':
      return { ok: true, value: { jobId: String(payload.jobId ?? ''), status: 'printed' } };
    case 'submitEvaluation':
      return { ok: true, value: { receiptNo: 'EV-1', delivery: 'delivered', alreadyRated: false } };
    case 'getNetworkState':
      return { ok: true, value: { state: 'online', since: now, queued: 0 } };
    case 'getDeviceStatus':
      return { ok: true, value: [] };
    case 'listForms':
      return { ok: true, value: [{ formId: BENCH_FORM.formId, version: '1', title: BENCH_FORM.title, requiresIdCard: false }] };
    case 'startForm':
      return { ok: true, value: { form: BENCH_FORM, values: {}, prefilled: [] } };
    default:
      return { ok: false, error: { code: 'SERVICE_DISABLED', message: `${method} is not scripted in the benchmark core` } };
  }
}

function reply(raw: string): string {
  const message = JSON.parse(raw) as { id: number; method: string; payload: Record<string, unknown> };
  return JSON.stringify({ type: 'result', id: message.id, response: answer(message.method, message.payload ?? {}) });
}

export function scriptedCore(ws: WebSocketRoute): void {
  ws.onMessage((raw) => ws.send(reply(String(raw))));
}

/**
 * The same stand-in on a real WebSocket of the loopback server. Playwright's routeWebSocket
 * delivers every frame by evaluating a fresh script in the page, which V8 keeps on its script
 * list: harmless for timing, but a memory benchmark would count the harness's scripts.
 */
function socketScriptedCore(server: Server): WebSocketServer {
  const sockets = new WebSocketServer({ server, path: '/kiosk-api', handleProtocols: (protocols) => (protocols.has('kiosk.v1') ? 'kiosk.v1' : false) });
  sockets.on('connection', (ws) => ws.on('message', (raw) => ws.send(reply(String(raw)))));
  return sockets;
}

export interface Kiosk {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  cdp: CDPSession;
  url: string;
  close(): Promise<void>;
}

/**
 * socketCore: the stand-in core on a real WebSocket instead of Playwright's routeWebSocket.
 * args: more Chromium switches (e.g. --js-flags for V8).
 */
export async function launchKiosk(
  options: { cpuThrottling?: number; touch?: boolean; cache?: CacheMode; socketCore?: boolean; args?: string[] } = {},
): Promise<Kiosk> {
  requireBuild();
  const server = await serveRenderer(options.cache, options.socketCore);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', ...(options.args ?? [])] });
  const context = await browser.newContext({ viewport: { width: 1080, height: 1920 }, hasTouch: options.touch ?? false, locale: 'zh-CN' });
  const page = await context.newPage();
  if (!options.socketCore) await page.routeWebSocket(/\/kiosk-api$/, scriptedCore);
  const cdp = await context.newCDPSession(page);
  if (options.cpuThrottling) await cdp.send('Emulation.setCPUThrottlingRate', { rate: options.cpuThrottling });
  return {
    browser,
    context,
    page,
    cdp,
    url: `${server.url}#token=bench`,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

export const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

/**
 * In-page probe, installed before the renderer loads: the browser's own Event Timing entries
 * (the measure behind INP). An entry's duration runs from the event's timestamp to the next frame
 * painted after its handlers ran, rounded to 8 ms:
 *  - pointerdown: finger down → the control shown pressed (press-feedback.ts);
 *  - click: the tap (finger up) → the screen's answer (next screen, key in the field).
 * The browser only reports events of 16 ms or more, so a tap with no entry was answered within
 * 16 ms and counts as 16 (an upper bound). Timers cannot stand in for "the frame was painted":
 * during a touch Chromium's scheduler holds timer tasks back until the gesture is resolved.
 */
export const FEEDBACK_PROBE = `
  const entries = [];
  window.__events = entries;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.name === 'pointerdown' || e.name === 'click') entries.push({ name: e.name, duration: e.duration });
  }).observe({ type: 'event', durationThreshold: 16, buffered: true });
`;

export interface Feedback {
  press: number;
  answer: number;
}

/** The feedback of the taps since the last call: one tap's entries (absent ones count as 16 ms). */
export async function takeFeedback(page: Page): Promise<Feedback> {
  const entries = await page.evaluate(() => (window as unknown as { __events: Array<{ name: string; duration: number }> }).__events.splice(0));
  const longest = (name: string) => Math.max(16, ...entries.filter((e) => e.name === name).map((e) => e.duration));
  return { press: longest('pointerdown'), answer: longest('click') };
}

/** Median and p95 of a sample, in ms. */
export function stats(values: readonly number[]): { n: number; median: number; p95: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? Number.NaN;
  return { n: sorted.length, median: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? Number.NaN };
}
