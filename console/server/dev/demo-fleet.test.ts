/**
 * The console demo's terminals pay through the console's relay, every part real: a demo terminal
 * core (its own process, the `npm start` stack with the reference payment server) provisioned by
 * the demo fleet with the console's URL and its tag, a real console with its relay on a real
 * mosquitto. A citizen's session on the terminal's loopback API (a real WebSocket, the token from
 * the one-time launch link) shows a code for the phone; the simulator panel's phone pays it; the
 * payment server posts its notification to the notify URL the terminal gave it, the console relays
 * it over MQTT, and the screen's next look is "paid". The payment server's order queries are made
 * to lag for ten minutes, so the terminal cannot have learned it from its own queries.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EndorsementFeeView, PaymentView } from '../../../electron/contract/kiosk-api.ts';
import type { WsResultMessage } from '../../../electron/contract/ws-protocol.ts';
import { silentLogger } from '../../../electron/core/logging/logger.ts';
import { Client, connect } from '../../../test/support/browser-shell-stack.ts';
import { passPersonCheck } from '../../../test/support/person-check.ts';
import { waitFor } from '../../../test/support/wait.ts';
import { samplePermits } from '../../../test/upstream/endorsement-routes.ts';
import { startConsoleFixture, TEST_RELAY_KEY, type ConsoleFixture } from '../../test-support/console-fixture.ts';
import { notifyTagFor } from '../payment-relay/relay-tag.ts';
import { demoRelayConfig, demoRelayKey, startDemoFleet, type DemoFleet } from './demo-fleet.ts';
import type { TerminalCoreHandle } from './terminal-cores.ts';

let fx: ConsoleFixture;
let base: string;
beforeAll(async () => {
  fx = await startConsoleFixture();
  base = mkdtempSync(join(tmpdir(), 'demo-fleet-test-'));
});
afterAll(async () => {
  await fx?.close();
  if (base) rmSync(base, { recursive: true, force: true });
});

/** The kiosk page's connection: the one-time link traded for the token, then the WebSocket. */
async function kioskApi(terminal: TerminalCoreHandle) {
  const launch = new URL(readFileSync(terminal.launchUrlFile!, 'utf8').trim());
  const traded = await fetch(new URL('/kiosk-launch', launch), { method: 'POST', headers: { Origin: launch.origin, 'Content-Type': 'application/json' }, body: JSON.stringify({ code: launch.hash.replace('#code=', '') }) });
  expect(traded.status).toBe(200);
  const { token } = (await traded.json()) as { token: string };
  const outcome = await connect({ port: Number(launch.port), token });
  if (!outcome.opened) throw new Error(`kiosk WebSocket refused: ${outcome.status} ${outcome.body}`);
  const client = new Client(outcome.socket);
  let id = 0;
  const call = async (method: string, payload: unknown = {}) => {
    const callId = ++id;
    client.sendRaw(JSON.stringify({ type: 'call', id: callId, method, payload }));
    // A loaded 2-core machine: longer than the helper's 3 s.
    const result = (await client.next((m) => m.type === 'result' && m.id === callId, 30_000)) as WsResultMessage;
    return result.response as { ok: boolean; value?: unknown; error?: { code: string; message: string } };
  };
  const value = async <T>(method: string, payload: unknown = {}): Promise<T> => {
    const response = await call(method, payload);
    if (!response.ok) throw new Error(`${method}: ${response.error?.code} ${response.error?.message}`);
    return response.value as T;
  };
  return { call, value, close: () => client.close() };
}

describe('the demo relay key', () => {
  it('is made once (0600) beside the console data and kept; each terminal gets the tag the relay checks', () => {
    const dir = mkdtempSync(join(base, 'key-'));
    const key = demoRelayKey(dir);
    expect(key.length).toBeGreaterThanOrEqual(32);
    expect(statSync(join(dir, 'demo-payment-relay-key')).mode & 0o777).toBe(0o600);
    expect(demoRelayKey(dir)).toBe(key);
    expect(demoRelayKey(mkdtempSync(join(base, 'key-')))).not.toBe(key);
    expect(demoRelayConfig({ key, notifyBaseUrl: 'http://127.0.0.1:8380' }, 'DEMO-0001')).toEqual({ payments: { notifyBaseUrl: 'http://127.0.0.1:8380', notifyTag: notifyTagFor(key, 'DEMO-0001') } });
  });
});

/**
 * A citizen pays the endorsement fee by phone on the terminal, as its kiosk page would: the code
 * shown, the simulator panel's phone pays it, the screen looks until "paid" (or gives up).
 */
async function payByPhone(terminal: TerminalCoreHandle): Promise<{ orderNo: string; relayedBefore: number }> {
  const api = await kioskApi(terminal);
  try {
    await api.value('startSession');
    await terminal.simulate('/card/present', { sample: 'resident' });
    await api.value('readIdCard', { timeoutMs: 10_000 });
    await passPersonCheck(api.call);
    await api.value('listEndorsementOptions', { by: 'entry', permitNumber: samplePermits[0]!.permitNumber });
    const fee = await api.value<EndorsementFeeView>('endorsementFee', { submissionId: randomUUID(), type: 'L' });
    if (fee.payAt !== 'terminal') throw new Error(`expected the fee at the terminal, got ${JSON.stringify(fee)}`);
    const { payment, codeUrl } = await api.value<{ payment: PaymentView; codeUrl?: string }>('startNativePayment', { purpose: fee.purpose, purchaseId: fee.purchaseId, shownFen: fee.amountFen, channel: 'alipay' });
    expect(payment.display).toBe('waiting');
    expect(codeUrl).toContain(payment.orderNo);
    // The screen looks as PayStep does; the payment server's queries still say "not paid".
    expect((await api.value<PaymentView>('checkPayment', { orderNo: payment.orderNo })).display).toBe('waiting');

    const relayedBefore = fx.server.paymentRelay!.relayed;
    expect(await terminal.simulate('/payment/phone-pays')).toEqual({ channel: 'alipay', orderNo: payment.orderNo, state: 'SUCCESS' });
    await expect.poll(async () => (await api.value<PaymentView>('checkPayment', { orderNo: payment.orderNo })).display, { timeout: 20_000, interval: 200 }).toBe('paid');
    return { orderNo: payment.orderNo, relayedBefore };
  } finally {
    await api.close();
  }
}

type Notified = { queries: number; notifications: Array<{ channel: string; orderNo: string; status: number | 'error' }> };
const notified = async (terminal: TerminalCoreHandle): Promise<Notified> => (await (await fetch(new URL('/payment/notifications', terminal.panelUrl))).json()) as Notified;

describe('a demo terminal paying through the console relay', () => {
  let fleet: DemoFleet | undefined;
  afterAll(async () => fleet?.stop());

  it('the phone pays the code on screen: the notification reaches the terminal through the console and MQTT, and the screen is told "paid"; again after a watchdog restart', { timeout: 240_000 }, async () => {
    fleet = await startDemoFleet({
      dataDir: base,
      brokerUrl: fx.broker.url,
      topicPrefix: 'kiosk',
      count: 1,
      signing: undefined,
      paymentRelay: { key: TEST_RELAY_KEY, notifyBaseUrl: fx.server.url },
      paymentServer: { queryLagMs: 10 * 60_000 },
      logger: silentLogger,
    });
    const [terminal] = fleet.terminals;
    if (!terminal) throw new Error('the demo terminal did not start');
    // The relay forwards only to terminals the console knows.
    await waitFor(async () => (await fx.server.fleet.getTerminal(terminal.terminalId)) !== undefined, 30_000, 'the console knows the demo terminal');

    const first = await payByPhone(terminal);
    // Through the console: it relayed one notification, and the channel heard its "received" at the first try.
    expect(fx.server.paymentRelay!.relayed).toBe(first.relayedBefore + 1);
    const seen = await notified(terminal);
    expect(seen.notifications.filter((n) => n.orderNo === first.orderNo)).toEqual([{ channel: 'alipay', orderNo: first.orderNo, status: 200 }]);
    // The terminal did query meanwhile (the screen's looks, its settle loop): those answers said unpaid.
    expect(seen.queries).toBeGreaterThan(0);
    // No other code is waiting for a phone: the panel says so instead of paying something else.
    await expect(terminal.simulate('/payment/phone-pays')).rejects.toThrow(/409/);

    // Killed and restarted by the watchdog on the same data: its kept config must point at this
    // run's payment server (a fresh port) and still at the console's relay.
    await terminal.kill();
    const again = await payByPhone(terminal);
    expect(fx.server.paymentRelay!.relayed).toBe(again.relayedBefore + 1);
    expect((await notified(terminal)).notifications.filter((n) => n.orderNo === again.orderNo)).toEqual([{ channel: 'alipay', orderNo: again.orderNo, status: 200 }]);
  });
});
