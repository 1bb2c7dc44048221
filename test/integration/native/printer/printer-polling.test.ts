/**
 * Background status polling over a real PTY: conditions the printer reports while nobody prints
 * reach the device state and flags, a refilled printer is ready again without a print attempt, and
 * a port that vanishes is noticed while idle.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeviceState } from '../../../../native/device/device-state.ts';
import { openSerialReceiptPrinter, type ReceiptPrinter } from '../../../../native/printer/receipt-printer.ts';
import { createPtyPair, type PtyPair } from '../../../../native/serial/pty-pair.ts';
import { PrinterSimulator } from '../../../../native/simulators/printer-simulator.ts';

let pty: PtyPair;
let simulator: PrinterSimulator;
let printer: ReceiptPrinter;

beforeEach(async () => {
  pty = await createPtyPair('printer-poll');
  simulator = new PrinterSimulator({ path: pty.simulatorPath, baudRate: 115200 });
  await simulator.start();
  printer = await openSerialReceiptPrinter(pty.devicePath, 115200, { statusTimeoutMs: 200, statusPollMs: 25 });
});

afterEach(async () => {
  await printer.close();
  await simulator.stop();
  await pty.close();
});

const settle = { timeout: 2000, interval: 10 };

describe('idle status polling', () => {
  it('raises and clears paper-near-end without any job', async () => {
    expect(printer.state.state).toEqual({ kind: 'ready' });
    simulator.setCondition({ paperNearEnd: true });
    await expect.poll(() => printer.state.flags, settle).toEqual(['paper-near-end']);
    // Near end does not stop printing.
    expect(printer.state.state).toEqual({ kind: 'ready' });
    simulator.setCondition({ paperNearEnd: false });
    await expect.poll(() => printer.state.flags, settle).toEqual([]);
  });

  it('goes to error on paper out and back to ready after the refill, printing nothing', async () => {
    const kinds: string[] = [];
    printer.state.on('change', (next: DeviceState) => kinds.push(next.kind === 'error' ? `error:${next.reason}` : next.kind));
    simulator.setCondition({ paperOut: true });
    await expect.poll(() => printer.state.state, settle).toEqual({ kind: 'error', reason: 'paper-out' });
    expect(printer.state.flags).toContain('paper-out');
    simulator.setCondition({ paperOut: false });
    await expect.poll(() => printer.state.state, settle).toEqual({ kind: 'ready' });
    expect(printer.state.flags).toEqual([]);
    expect(kinds).toEqual(['error:paper-out', 'ready']);
    expect(simulator.received.length).toBe(0);
  });

  it('reports an opened cover, and the closed cover', async () => {
    simulator.setCondition({ coverOpen: true });
    await expect.poll(() => printer.state.state, settle).toEqual({ kind: 'error', reason: 'cover-open' });
    simulator.setCondition({ coverOpen: false });
    await expect.poll(() => printer.state.state, settle).toEqual({ kind: 'ready' });
  });

  it('keeps asking at the configured pace and stops when closed', async () => {
    const first = simulator.statusRequests;
    // Four DLE EOT requests per poll; polled rather than timed, as a loaded CI machine is slow.
    await expect.poll(() => simulator.statusRequests - first, { timeout: 5000, interval: 10 }).toBeGreaterThanOrEqual(4 * 3);
    const started = Date.now();
    const before = simulator.statusRequests;
    // A pace is requests per unit of real time on the line, so this one window is timed on purpose;
    // the bound below uses the time that really passed, so a slow machine cannot fail it.
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Not faster than the configured pace: at most one poll per 25 ms (plus the one under way).
    expect(simulator.statusRequests - before).toBeLessThanOrEqual(4 * (Math.floor((Date.now() - started) / 25) + 1));
    await printer.close();
    const afterClose = simulator.statusRequests;
    // Silence can only be shown by time passing on the real line: four poll intervals, no request.
    await new Promise((resolve) => setTimeout(resolve, 4 * 25));
    expect(simulator.statusRequests).toBe(afterClose);
  });

  it('notices a port that vanished while idle', async () => {
    await pty.close();
    await expect.poll(() => printer.state.state.kind, settle).not.toBe('ready');
    expect(['error', 'disconnected']).toContain(printer.state.state.kind);
  });
});
