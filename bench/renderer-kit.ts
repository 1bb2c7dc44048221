/**
 * Shared by the renderer benchmarks: the built renderer (dist/renderer) served from loopback, in
 * Debian's Chromium, talking to a scripted stand-in for the core over the page's own WebSocket
 * (Playwright's routeWebSocket). The stand-in answers at once, so the figures are the renderer's
 * own, not the devices' or the upstream's. Fictitious data only.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page, type WebSocketRoute } from '@playwright/test';

export const RENDERER_DIR = resolve(import.meta.dirname, '..', 'dist', 'renderer');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

export function requireBuild(): void {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    console.error('dist/renderer is missing: run `npx vite build --config renderer/vite.config.ts` first');
    process.exit(2);
  }
}

export async function serveRenderer(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(RENDERER_DIR, path === '/' ? 'index.html' : path);
    if (!file.startsWith(RENDERER_DIR) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise<void>((ok) => server.close(() => ok())) };
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
          services: SERVICES.map((id) => ({ id, titleKey: `service.${id}`, icon: 'tile', available: true })),
          // Long enough that no warning interrupts a benchmark.
          timeouts: { inactivitySeconds: 3600, warningSeconds: 20, idCardReadSeconds: 30 },
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

export function scriptedCore(ws: WebSocketRoute): void {
  ws.onMessage((raw) => {
    const message = JSON.parse(String(raw)) as { id: number; method: string; payload: Record<string, unknown> };
    ws.send(JSON.stringify({ type: 'result', id: message.id, response: answer(message.method, message.payload ?? {}) }));
  });
}

export interface Kiosk {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  cdp: CDPSession;
  url: string;
  close(): Promise<void>;
}

export async function launchKiosk(options: { cpuThrottling?: number; touch?: boolean } = {}): Promise<Kiosk> {
  requireBuild();
  const server = await serveRenderer();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  const context = await browser.newContext({ viewport: { width: 1080, height: 1920 }, hasTouch: options.touch ?? false, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.routeWebSocket(/\/kiosk-api$/, scriptedCore);
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
 * In-page probe, installed before the renderer loads: for each touch (pointerdown), the time until
 * the frame after the first DOM change it caused (a MutationObserver sees React's commit; a task
 * queued from the next animation frame runs once that frame is produced). The figure is what a
 * citizen perceives as "the screen answered my finger".
 */
export function installFeedbackProbe(): void {
  const samples: number[] = [];
  (window as unknown as { __feedback: number[] }).__feedback = samples;
  let down: number | null = null;
  addEventListener('pointerdown', (event) => (down = event.timeStamp), true);
  new MutationObserver(() => {
    if (down === null) return;
    const start = down;
    down = null;
    requestAnimationFrame(() => setTimeout(() => samples.push(performance.now() - start), 0));
  }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
}

export async function takeFeedback(page: Page): Promise<number[]> {
  return page.evaluate(() => (window as unknown as { __feedback: number[] }).__feedback.splice(0));
}

/** Median and p95 of a sample, in ms. */
export function stats(values: readonly number[]): { n: number; median: number; p95: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? Number.NaN;
  return { n: sorted.length, median: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? Number.NaN };
}
