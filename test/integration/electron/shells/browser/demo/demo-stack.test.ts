/**
 * The demo terminal itself (what `npm start` and the e2e tests run): its serial scanner on a PTY
 * reaches the core and is driven from the simulator panel, A4 printing is offered only where a
 * CUPS client exists, and a stack that made its own data folder leaves nothing behind.
 */
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoStack, type DemoStack } from '../../../../../../electron/shells/browser/demo/demo-stack.ts';
import { SAMPLE_RECEIPT_NO } from '../../../../../../electron/shells/browser/demo/sample-scans.ts';
import type { CardDispenser } from '../../../../../../native/dispenser/card-dispenser.ts';
import { startSimPanel, type SimPanel } from '../../../../../../electron/shells/browser/demo/sim-panel.ts';
import type { KioskEventName } from '../../../../../../electron/contract/channels.ts';
import type { ELicenceView, ProgressView } from '../../../../../../electron/contract/service-api.ts';
import type { ScannerDevice } from '../../../../../../electron/core/services/shared/scan-gate.ts';
import { waitFor } from '../../../../../support/wait.ts';

const ctx = { shell: 'browser' as const, connectionId: 'demo-stack-test' };
const a4Enabled = { devices: { a4Printer: { enabled: true } } };
let work: string;
let stack: DemoStack;
let panel: SimPanel;
const events: { event: KioskEventName; payload: unknown }[] = [];

async function value<T>(s: DemoStack, method: string, payload: unknown = {}): Promise<T> {
  const res = await s.core.apiHost.dispatch(method, payload, ctx);
  if (!res.ok) throw new Error(`${method}: ${res.error.code} ${res.error.message}`);
  return res.value as T;
}

const panelPost = (p: SimPanel, path: string, body: unknown) =>
  fetch(new URL(path, p.url), { method: 'POST', headers: { 'x-sim-panel': '1', 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Presses a scanner button on the panel once the core is waiting for a code. */
async function scanFromPanel(sample: string): Promise<void> {
  await waitFor(() => (stack.core.devices.get<ScannerDevice>('scanner')?.listenerCount('scan') ?? 0) > 0, 10_000, 'the scan listener');
  const res = await panelPost(panel, '/scanner/scan', { sample });
  expect(res.status).toBe(200);
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'demo-stack-test-'));
  // Stands in for CUPS' lp: never called here, its presence is what the terminal checks.
  const fakeLp = join(work, 'lp');
  writeFileSync(fakeLp, '#!/bin/sh\nexit 0\n');
  chmodSync(fakeLp, 0o755);
  stack = await startDemoStack({ lpCommand: fakeLp, configOverride: a4Enabled });
  panel = await startSimPanel(stack);
  stack.core.apiHost.onEvent((event, payload) => events.push({ event, payload }));
  await waitFor(() => stack.core.devices.isReady('scanner'), 10_000, 'the scanner');
});

afterAll(async () => {
  await panel?.close();
  await stack?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('demo stack', () => {
  it('has a serial scanner the core reads: the panel shows it an e-licence, a garbled code and a receipt QR', async () => {
    expect(await (await fetch(panel.url)).text()).toContain('data-scan="receipt"');
    await value(stack, 'startSession');

    const licence = value<ELicenceView>(stack, 'scanELicence', { timeoutMs: 10_000 });
    await scanFromPanel('e-licence');
    expect(await licence).toMatchObject({ licenceType: 'business-licence', status: 'valid' });

    const before = events.length;
    const progress = value<ProgressView>(stack, 'queryProgress', { by: 'scan', timeoutMs: 10_000 });
    await scanFromPanel('garbage');
    await waitFor(() => events.slice(before).some((e) => e.event === 'scanRejected'), 10_000, 'a scanRejected event');
    expect(events.slice(before).find((e) => e.event === 'scanRejected')?.payload).toEqual({ reason: 'undecodable' });
    await panelPost(panel, '/scanner/scan', { sample: 'receipt' });
    expect((await progress).items.map((i) => i.receiptNo)).toEqual([SAMPLE_RECEIPT_NO]);

    expect((await panelPost(panel, '/scanner/scan', { sample: 'nonsense' })).status).toBe(400);
  });

  it('has a card dispenser the panel drives: take the card at the mouth, jam and clear, empty the bin', async () => {
    await waitFor(() => stack.core.devices.isReady('dispenser'), 10_000, 'the dispenser');
    expect(await (await fetch(panel.url)).text()).toContain('data-dispenser="take"');
    const state = async () => (await (await fetch(new URL('/dispenser/state', panel.url))).json()) as { channel: string; bin: number; taken: number };
    expect(await state()).toEqual({ channel: 'empty', bin: 0, taken: 0 });
    expect((await panelPost(panel, '/dispenser/take', {})).status).toBe(409);
    stack.dispenser.load(9, 'DEMO-PANEL-0009');
    await panelPost(panel, '/dispenser/jam', {});
    const dispenser = stack.core.devices.get<CardDispenser>('dispenser')!;
    await expect(dispenser.moveToRead(9)).rejects.toMatchObject({ code: 'jammed' });
    expect((await state()).channel).toBe('jammed');
    await panelPost(panel, '/dispenser/clear-jam', {});
    await dispenser.moveToRead(9);
    await dispenser.dispense();
    expect((await panelPost(panel, '/dispenser/take', {})).status).toBe(200);
    expect(await state()).toEqual({ channel: 'empty', bin: 0, taken: 1 });
    expect(await (await panelPost(panel, '/dispenser/empty-bin', {})).json()).toEqual({ emptied: 0 });
  });

  it('offers A4 printing where a CUPS client is installed and the config enables it', async () => {
    expect(await value(stack, 'getTerminalInfo')).toMatchObject({ a4Printing: true });
  });

  it('without a scanner or lp: no scanner device, no A4 printing, the panel says so; a given data folder is kept', async () => {
    const dataDir = join(work, 'kept');
    const bare = await startDemoStack({ dataDir, scanner: false, lpCommand: join(work, 'no-such-lp'), configOverride: a4Enabled });
    const barePanel = await startSimPanel(bare);
    try {
      expect(bare.scanner).toBeUndefined();
      expect(bare.core.devices.get('scanner')).toBeUndefined();
      expect(await value(bare, 'getTerminalInfo')).toMatchObject({ a4Printing: false });
      expect(await (await fetch(barePanel.url)).text()).not.toContain('data-scan=');
      expect((await panelPost(barePanel, '/scanner/scan', { sample: 'e-licence' })).status).toBe(409);
    } finally {
      await barePanel.close();
      await bare.close();
    }
    expect(existsSync(join(dataDir, 'kiosk.db'))).toBe(true);
  });

  it('removes the data folder it created itself on close, and close can be called twice', async () => {
    const own = await startDemoStack({ scanner: false });
    expect(existsSync(own.dataDir)).toBe(true);
    await Promise.all([own.close(), own.close()]);
    expect(existsSync(own.dataDir)).toBe(false);
  });
});
