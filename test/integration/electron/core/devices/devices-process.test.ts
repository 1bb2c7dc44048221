/**
 * The real drivers in driver processes, over real PTYs against the simulators: the reader and the
 * printer behave through their proxies as they do in-process (same results, same error classes),
 * print-job idempotency holds across a driver restart (the records are in SQLite), and a whole
 * core started with deviceIsolation 'process' reads a card through its API.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProcessIdCardReader } from '../../../../../electron/core/devices/driver-process/process-id-card-reader.ts';
import { ProcessReceiptPrinter } from '../../../../../electron/core/devices/driver-process/process-receipt-printer.ts';
import { createKioskCore } from '../../../../../electron/core/kiosk-core.ts';
import { createLogger } from '../../../../../electron/core/logging/logger.ts';
import { IdCardError } from '../../../../../native/idcard/idcard-error.ts';
import { EscPosBuilder } from '../../../../../native/printer/escpos-builder.ts';
import type { PtyPair } from '../../../../../native/serial/pty-pair.ts';
import { IdCardSimulator } from '../../../../../native/simulators/idcard-simulator.ts';
import { PrinterSimulator } from '../../../../../native/simulators/printer-simulator.ts';
import { sampleCards } from '../../../../../native/simulators/sample-cards.ts';
import { writeDeviceCoreConfig } from '../../../../support/device-core-config.ts';
import { startSimulatedDevices, type SimulatedDevices } from '../../../../support/simulated-devices.ts';
import { findCardPolls } from '../../../../support/idcard-rig.ts';

const cleanups: (() => Promise<unknown> | void)[] = [];
const dir = mkdtempSync(join(tmpdir(), 'kiosk-process-devices-'));
let idPty: PtyPair;
let printerPty: PtyPair;
let idSim: IdCardSimulator;
let printerSim: PrinterSimulator;
let simulated: SimulatedDevices | undefined;

beforeAll(async () => {
  simulated = await startSimulatedDevices('process');
  ({ idPty, printerPty, idSim, printerSim } = simulated);
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await simulated?.close();
  rmSync(dir, { recursive: true, force: true });
});

const receipt = (text: string) => new EscPosBuilder().init().line(text).cut().build();

describe('ID-card reader in a driver process', () => {
  it('reads cards, reports module errors as IdCardError, cancels and relays card removal', async () => {
    const reader = new ProcessIdCardReader({ path: idPty.devicePath, responseTimeoutMs: 300, pollIntervalMs: 20, presencePollMs: 30, heartbeatMs: 0 });
    cleanups.push(() => reader.close());
    await reader.open();
    expect(reader.state.state).toEqual({ kind: 'ready' });
    expect(reader.pid).not.toBe(process.pid);
    expect(reader.samId).toBe(idSim.samId);

    idSim.presentCard(sampleCards.foreign2023);
    const card = await reader.readCard({ timeoutMs: 2000 });
    expect(card).toEqual(sampleCards.foreign2023);
    expect(card.photoWlt).toBeInstanceOf(Uint8Array);
    expect(reader.state.flags).toEqual(['card-present']);

    let removed = 0;
    reader.onCardRemoved(() => removed++);
    idSim.removeCard();
    await expect.poll(() => removed, { timeout: 2000, interval: 10 }).toBe(1);
    expect(reader.state.flags).toEqual([]);

    const timeout = await reader.readCard({ timeoutMs: 150 }).catch((e: unknown) => e);
    expect(timeout).toBeInstanceOf(IdCardError);
    expect(timeout).toMatchObject({ code: 'timeout' });

    const controller = new AbortController();
    idSim.clearCommands();
    const cancelled = reader.readCard({ timeoutMs: 5000, signal: controller.signal });
    await expect.poll(() => findCardPolls(idSim), { timeout: 5000, interval: 5 }).toBeGreaterThanOrEqual(1);
    controller.abort();
    await expect(cancelled).rejects.toMatchObject({ name: 'IdCardError', code: 'cancelled' });

    idSim.setFault('sam-error');
    idSim.presentCard(sampleCards.resident);
    const failed = await reader.readCard({ timeoutMs: 2000 }).catch((e: unknown) => e);
    idSim.setFault('none');
    expect(failed).toBeInstanceOf(IdCardError);
    expect((failed as IdCardError).samStatus?.code).toBe('sam-self-check-failed');
    expect(await reader.readCard({ timeoutMs: 2000 })).toEqual(sampleCards.resident);
    await reader.close();
    expect(reader.state.state.kind).toBe('disconnected');
    expect(reader.pid).toBeUndefined();
  });
});

describe('receipt printer in a driver process', () => {
  it('prints once per job id, across a driver restart, with the records in SQLite', async () => {
    const jobsDbPath = join(dir, 'kiosk.db');
    const printer = new ProcessReceiptPrinter({
      transport: { type: 'serial', path: printerPty.devicePath, baudRate: 115200 },
      jobsDbPath,
      statusTimeoutMs: 300,
      statusPollMs: 30,
    });
    cleanups.push(() => printer.close());
    await printer.open();
    expect(printer.details()).toMatchObject({ endpoint: printerPty.devicePath });
    expect(await printer.print('w-1', receipt('驱动进程打印'))).toEqual({ jobId: 'w-1', status: 'printed' });
    await printer.close();
    await printer.open();
    expect(await printer.print('w-1', receipt('驱动进程打印'))).toEqual({ jobId: 'w-1', status: 'already-printed' });
    expect(printerSim.receipts).toHaveLength(1);

    printerSim.setCondition({ paperOut: true });
    await expect.poll(() => printer.state.state, { timeout: 2000, interval: 10 }).toEqual({ kind: 'error', reason: 'paper-out' });
    expect(printer.isLinkFailure('paper-out')).toBe(false);
    expect(await printer.print('w-2', receipt('缺纸后打印'))).toMatchObject({ status: 'waiting-for-paper', reason: 'paper-out' });
    printerSim.setCondition({ paperOut: false });
    await expect.poll(() => printer.state.state, { timeout: 2000, interval: 10 }).toEqual({ kind: 'ready' });
    expect(await printer.resumePending(() => receipt('缺纸后打印'))).toEqual([{ jobId: 'w-2', status: 'printed' }]);
    expect(await printer.resumePending(() => receipt('缺纸后打印'))).toEqual([]);
    const receipts = await printerSim.waitForReceipts(2);
    expect(receipts.map((r) => r.lines[0])).toEqual(['驱动进程打印', '缺纸后打印']);
    // Serial ports are opened exclusively: release it for the core below.
    await printer.close();
  });
});

describe('a core with deviceIsolation "process"', () => {
  it('reads a card through the KioskApi with the reader in a driver process', async () => {
    const dataDir = join(dir, 'core');
    const configOverridePath = writeDeviceCoreConfig(dir, { idCard: idPty.devicePath, printer: printerPty.devicePath });
    const core = await createKioskCore({
      dataDir,
      resourcesDir: resolve('resources'),
      shell: 'browser',
      configOverridePath,
      logger: createLogger({ level: 'error', write: () => undefined }),
      deviceIsolation: 'process',
    });
    cleanups.push(() => core.shutdown());
    await expect.poll(() => core.devices.isReady('idCard') && core.devices.isReady('printer'), { timeout: 15_000, interval: 20 }).toBe(true);
    expect(core.devices.get('idCard')).toBeInstanceOf(ProcessIdCardReader);
    expect(core.devices.health().find((h) => h.device === 'idCard')?.details.samId).toBe(idSim.samId);
    const ctx = { shell: 'browser' as const, connectionId: 'process-core' };
    expect((await core.apiHost.dispatch('startSession', {}, ctx)).ok).toBe(true);
    idSim.presentCard(sampleCards.hmt);
    const read = await core.apiHost.dispatch('readIdCard', { timeoutMs: 3000 }, ctx);
    expect(read).toMatchObject({ ok: true, value: { name: sampleCards.hmt.name } });
  });
});
