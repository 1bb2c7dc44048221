/**
 * A small control panel for the simulated devices (place or remove a card, show a code to the
 * scanner, paper out, cover open) and the link (network down, upstream down, back) so a newcomer or a maintenance engineer can walk a journey with no hardware. Loopback only;
 * state-changing requests need a custom header, which a foreign web page cannot send without a
 * CORS preflight that this server never grants, and every request must name this server in its
 * Host header, which defeats DNS rebinding (a foreign name resolving to 127.0.0.1).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sampleCards } from '../../../../native/simulators/sample-cards.ts';
import { decodeEscPos } from '../../../../native/simulators/escpos-decoder.ts';
import type { DemoStack } from './demo-stack.ts';
import { isSampleScan, sampleScanBytes } from './sample-scans.ts';
import { simPanelHtml } from './sim-panel-page.ts';
import { errorMessage } from '../../../core/util/error-message.ts';

export interface SimPanel {
  url: string;
  close(): Promise<void>;
}

type PrinterCondition = Parameters<DemoStack['printer']['setCondition']>[0];

/**
 * What the panel can do to the link: 'network-down' drops every connection (as a pulled cable),
 * 'upstream-down' has the upstream answer 500. Probes: as many as it takes the terminal to decide.
 */
const UPSTREAM_CONDITIONS: Record<string, { fault: 'none' | 'reset' | 'http-500'; probes: number } | undefined> = {
  'network-down': { fault: 'reset', probes: 3 },
  'upstream-down': { fault: 'http-500', probes: 1 },
  normal: { fault: 'none', probes: 1 },
};

export async function startSimPanel(stack: DemoStack, port = 0): Promise<SimPanel> {
  let allowedHosts = new Set<string>();
  const server = createServer((req, res) => {
    if (!allowedHosts.has(req.headers.host ?? '')) return send(res, 421, { error: 'misdirected request' });
    handle(stack, req, res).catch((error: unknown) => {
      send(res, 500, { error: errorMessage(error) });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  allowedHosts = new Set([`127.0.0.1:${bound}`, `localhost:${bound}`]);
  return {
    url: `http://127.0.0.1:${bound}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function handle(stack: DemoStack, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (req.method === 'GET' && url.pathname === '/') {
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'",
    });
    res.end(simPanelHtml(Object.keys(sampleCards), stack.scanner !== undefined));
    return;
  }
  if (req.method === 'GET' && url.pathname === '/printer/receipts') {
    const receipts = stack.printer.receipts.map((r) => ({ lines: r.lines, qrCodes: r.qrCodes }));
    send(res, 200, { receipts });
    return;
  }
  if (req.method === 'GET' && url.pathname === '/dispenser/state') {
    // Counts and sensor state only: a certificate's number stays off this page.
    const { dispenser } = stack;
    send(res, 200, { channel: dispenser.channel, bin: dispenser.bin.length, taken: dispenser.exits.length });
    return;
  }
  if (req.method === 'GET' && url.pathname === '/payment/notifications') {
    // Where the payment server's notifications went and what came back: the console relay's path in view.
    const { notifyAttempts, counts } = stack.paymentServer;
    send(res, 200, { queries: counts.queries, notifications: notifyAttempts.slice(-20).map(({ channel, orderNo, status }) => ({ channel, orderNo, status })) });
    return;
  }
  if (req.method !== 'POST' || req.headers['x-sim-panel'] !== '1') {
    send(res, 404, { error: 'not found' });
    return;
  }
  const body = await readJson(req);
  switch (url.pathname) {
    case '/card/present': {
      const name = String(body.sample ?? 'resident');
      const card = (sampleCards as Record<string, (typeof sampleCards)[keyof typeof sampleCards] | undefined>)[name];
      if (!card) return send(res, 400, { error: `unknown sample card ${name}` });
      stack.idCard.presentCard(card);
      return send(res, 200, { presented: name });
    }
    case '/card/remove':
      stack.idCard.removeCard();
      return send(res, 200, { removed: true });
    case '/scanner/scan': {
      if (!stack.scanner) return send(res, 409, { error: 'this demo terminal runs without a serial scanner' });
      if (!isSampleScan(body.sample)) return send(res, 400, { error: `unknown sample code ${String(body.sample)}` });
      await stack.scanner.sendRaw(sampleScanBytes(body.sample, stack.upstreamUrl));
      return send(res, 200, { scanned: body.sample });
    }
    case '/printer/condition':
      stack.printer.setCondition(body as PrinterCondition);
      return send(res, 200, { condition: body });
    case '/upstream/condition': {
      const condition = UPSTREAM_CONDITIONS[String(body.condition)];
      if (!condition) return send(res, 400, { error: `unknown upstream condition ${String(body.condition)}` });
      stack.upstream.setFault(condition.fault);
      // The terminal notices at its next probe anyway; probing now keeps the demo snappy.
      const { monitor } = stack.core.outbox;
      for (let i = 0; i < condition.probes; i += 1) await monitor.probeNow();
      return send(res, 200, { condition: body.condition, network: monitor.state });
    }
    case '/dispenser/take':
      return stack.dispenser.takeCard() ? send(res, 200, { taken: true }) : send(res, 409, { error: 'no card at the mouth' });
    case '/dispenser/jam':
      stack.dispenser.inject('jam');
      return send(res, 200, { jam: 'next move' });
    case '/dispenser/clear-jam':
      stack.dispenser.clearJam();
      return send(res, 200, { channel: stack.dispenser.channel });
    case '/dispenser/empty-bin':
      return send(res, 200, { emptied: stack.dispenser.emptyBin().length });
    case '/payment/phone-pays': {
      const order = codeOnScreen(stack);
      if (!order) return send(res, 409, { error: 'no payment code is waiting: choose to pay by phone on the kiosk first' });
      // Through the payment server's own route, so it notifies the notify URL the terminal gave it, as a channel does.
      const paid = await fetch(new URL('/sim/native-pay', stack.paymentServer.url), { method: 'POST', body: JSON.stringify({ channel: order.channel, orderNo: order.orderNo }) });
      const { state } = (await paid.json()) as { state: string };
      return send(res, 200, { channel: order.channel, orderNo: order.orderNo, state });
    }
    case '/printer/clear':
      stack.printer.clear();
      return send(res, 200, { cleared: true });
    default:
      return send(res, 404, { error: 'not found' });
  }
}

/** The newest code the terminal is showing for a phone (主扫) that nobody has paid yet. */
function codeOnScreen(stack: DemoStack): { channel: string; orderNo: string } | undefined {
  const { ledger } = stack.paymentServer;
  ledger.advanceAll();
  let newest: { channel: string; orderNo: string; createdAt: number } | undefined;
  for (const order of ledger.orders.values()) {
    if (order.method !== 'native' || order.state !== 'NOTPAY') continue;
    if (newest === undefined || order.createdAt >= newest.createdAt) newest = order;
  }
  return newest && { channel: newest.channel, orderNo: newest.orderNo };
}

export const receiptText = (bytes: Uint8Array): string[] => decodeEscPos(bytes).lines;

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let raw = '';
  for await (const chunk of req) {
    raw += String(chunk);
    if (raw.length > 4096) throw new Error('request too large');
  }
  if (!raw) return {};
  const parsed: unknown = JSON.parse(raw);
  return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
}
