/**
 * Unplug and replug with real pseudo-terminals: the socat pair behind the reader is killed, and a
 * new one appears later at the same link path, as a USB-serial adapter pulled and pushed back in.
 * The device manager must bring the reader back to ready on its own, and it must read a card.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DeviceManager } from '../../../../../electron/core/devices/device-manager.ts';
import { createLogger } from '../../../../../electron/core/logging/logger.ts';
import { IdCardReader } from '../../../../../native/idcard/idcard-reader.ts';
import { openSerialReceiptPrinter } from '../../../../../native/printer/receipt-printer.ts';
import { createPtyPair, type PtyPair } from '../../../../../native/serial/pty-pair.ts';
import { IdCardSimulator } from '../../../../../native/simulators/idcard-simulator.ts';
import { PrinterSimulator } from '../../../../../native/simulators/printer-simulator.ts';
import { sampleCards } from '../../../../../native/simulators/sample-cards.ts';
import { EscPosBuilder } from '../../../../../native/printer/escpos-builder.ts';

const cleanups: (() => Promise<unknown> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const logLines: string[] = [];
const logger = createLogger({ level: 'debug', write: (line) => logLines.push(line) });
const settle = { timeout: 5000, interval: 20 };

async function plugIn(linkDir: string): Promise<{ pair: PtyPair; sim: IdCardSimulator }> {
  const pair = await createPtyPair('replug', 5000, { linkDir });
  const sim = new IdCardSimulator({ path: pair.simulatorPath });
  sim.samId = '05.01-20240601-0000000077-2024000123';
  await sim.start();
  return { pair, sim };
}

describe('device manager: unplug and replug', () => {
  it('brings the ID-card reader back at the same path and reads a card, with health telling the story', async () => {
    const linkDir = mkdtempSync(join(tmpdir(), 'kiosk-replug-'));
    cleanups.push(() => rmSync(linkDir, { recursive: true, force: true }));
    let plugged = await plugIn(linkDir);
    const reader = new IdCardReader({ path: plugged.pair.deviceLinkPath, responseTimeoutMs: 200, heartbeatMs: 50, presencePollMs: 0 });
    const manager = new DeviceManager({ logger, minBackoffMs: 40, maxBackoffMs: 160 });
    cleanups.push(() => manager.stop());
    manager.add('idCard', reader);
    manager.add('scanner', undefined, 'disabled');
    await manager.start();
    expect(manager.isReady('idCard')).toBe(true);
    const before = manager.health().find((h) => h.device === 'idCard')!;
    expect(before).toMatchObject({
      configured: true,
      state: 'ready',
      details: { samId: '05.01-20240601-0000000077-2024000123', baudRate: '115200' },
      reconnectAttempts: 0,
    });
    expect(before.lastError).toBeUndefined();
    expect(manager.health().find((h) => h.device === 'scanner')).toMatchObject({ configured: false, state: 'disconnected', reason: 'disabled' });

    // Unplug: the simulator and the whole PTY pair go away; nobody is reading a card.
    await plugged.sim.stop();
    await plugged.pair.close();
    await expect.poll(() => manager.health().find((h) => h.device === 'idCard')!.reconnectAttempts, settle).toBeGreaterThanOrEqual(2);
    const down = manager.health().find((h) => h.device === 'idCard')!;
    expect(down.state).toBe('error');
    expect(down.reason).toMatch(/cannot open .*device/);
    expect(manager.isReady('idCard')).toBe(false);

    // Replug at the same path.
    plugged = await plugIn(linkDir);
    cleanups.push(async () => {
      await plugged.sim.stop();
      await plugged.pair.close();
    });
    await expect.poll(() => manager.isReady('idCard'), settle).toBe(true);
    const after = manager.health().find((h) => h.device === 'idCard')!;
    expect(after).toMatchObject({ state: 'ready', reconnectAttempts: 0, details: { samId: '05.01-20240601-0000000077-2024000123' } });
    expect(after.lastError?.reason).toMatch(/cannot open|serial port/);
    expect(Date.parse(after.since)).toBeGreaterThan(Date.parse(before.since));

    plugged.sim.presentCard(sampleCards.resident);
    expect(await reader.readCard({ timeoutMs: 2000 })).toEqual(sampleCards.resident);
    expect(logLines.join('\n')).toContain('device open failed');
  });

  it('brings a receipt printer back after its port vanished, and it prints', async () => {
    const linkDir = mkdtempSync(join(tmpdir(), 'kiosk-replug-printer-'));
    cleanups.push(() => rmSync(linkDir, { recursive: true, force: true }));
    const plug = async () => {
      const pair = await createPtyPair('replug-printer', 5000, { linkDir });
      const sim = new PrinterSimulator({ path: pair.simulatorPath, baudRate: 115200 });
      await sim.start();
      return { pair, sim };
    };
    let plugged = await plug();
    const printer = await openSerialReceiptPrinter(plugged.pair.deviceLinkPath, 115200, { statusTimeoutMs: 200, statusPollMs: 40 });
    const manager = new DeviceManager({ logger, minBackoffMs: 40, maxBackoffMs: 160 });
    cleanups.push(() => manager.stop());
    manager.add('printer', printer);
    await manager.start();
    expect(manager.health()[0]).toMatchObject({ state: 'ready', details: { endpoint: plugged.pair.deviceLinkPath } });

    await plugged.sim.stop();
    await plugged.pair.close();
    await expect.poll(() => manager.isReady('printer'), settle).toBe(false);
    plugged = await plug();
    cleanups.push(async () => {
      await plugged.sim.stop();
      await plugged.pair.close();
    });
    await expect.poll(() => manager.isReady('printer'), settle).toBe(true);
    const bytes = new EscPosBuilder().init().line('重新连接后打印').cut().build();
    expect(await printer.print('replug-1', bytes)).toEqual({ jobId: 'replug-1', status: 'printed' });
    const [receipt] = await plugged.sim.waitForReceipts(1);
    expect(receipt!.lines).toContain('重新连接后打印');
  });
});
