/**
 * Network receipt printer: TcpPrinterTransport against the simulated printer on a real loopback
 * TCP socket (raw port-9100 protocol, DLE EOT replies on the same connection).
 */
import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EscPosBuilder } from '../../../../native/printer/escpos-builder.ts';
import { isPrinterError } from '../../../../native/printer/printer-errors.ts';
import { ReceiptPrinter } from '../../../../native/printer/receipt-printer.ts';
import { TcpPrinterTransport } from '../../../../native/printer/tcp-transport.ts';
import { TcpPrinterSimulator } from '../../../../native/simulators/printer-simulator.ts';

let simulator: TcpPrinterSimulator;
let printer: ReceiptPrinter;

beforeEach(async () => {
  simulator = new TcpPrinterSimulator();
  const { host, port } = await simulator.start();
  printer = new ReceiptPrinter({ transport: new TcpPrinterTransport({ host, port }), statusTimeoutMs: 250 });
  await printer.open();
});

afterEach(async () => {
  await printer.close();
  await simulator.stop();
});

const receipt = (text: string): Uint8Array => new EscPosBuilder().init().line(text).qr('https://verify.example.cn/r/1').cut().build();

describe('receipt printer over TCP', () => {
  it('prints a receipt and reads status over the same socket', async () => {
    expect(printer.state.state).toEqual({ kind: 'ready' });
    expect(await printer.print('tcp-1', receipt('网络打印'))).toEqual({ jobId: 'tcp-1', status: 'printed' });
    const [decoded] = await simulator.waitForReceipts(1);
    expect(decoded).toMatchObject({ lines: ['网络打印'], qrCodes: ['https://verify.example.cn/r/1'], cut: true, errors: [] });
    expect(await printer.print('tcp-1', receipt('网络打印'))).toEqual({ jobId: 'tcp-1', status: 'already-printed' });
    expect(simulator.receipts).toHaveLength(1);
  });

  it('paper out over TCP: waits without sending, prints once after refill', async () => {
    simulator.setCondition({ paperOut: true, paperNearEnd: true });
    expect((await printer.print('tcp-2', receipt('缺纸'))).status).toBe('waiting-for-paper');
    expect(simulator.received.length).toBe(0);
    expect(printer.state.flags).toEqual(['paper-out', 'offline', 'paper-near-end']);
    simulator.setCondition({ paperOut: false, paperNearEnd: false });
    expect((await printer.print('tcp-2', receipt('缺纸'))).status).toBe('printed');
    expect(await simulator.waitForReceipts(1)).toHaveLength(1);
  });

  it('a printer that drops the connection leaves the driver disconnected with a reason', async () => {
    const closed = new Promise<void>((resolve) => printer.state.once('change', () => resolve()));
    simulator.disconnectClients();
    await closed;
    expect(printer.state.state).toEqual({ kind: 'disconnected', reason: 'port-closed' });
    expect(await printer.print('tcp-3', receipt('断开'))).toEqual({ jobId: 'tcp-3', status: 'failed', reason: 'disconnected' });
    await printer.open();
    expect(printer.state.state.kind).toBe('ready');
    expect((await printer.print('tcp-3', receipt('断开'))).status).toBe('printed');
  });

  it('a server that never answers status gives a status-timeout error, not a hang', async () => {
    const mute = createServer((socket) => socket.on('data', () => undefined));
    await new Promise<void>((resolve) => mute.listen(0, '127.0.0.1', () => resolve()));
    const address = mute.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const quiet = new ReceiptPrinter({ transport: new TcpPrinterTransport({ host: '127.0.0.1', port: address.port }), statusTimeoutMs: 150 });
    await quiet.open();
    expect(quiet.state.state).toEqual({ kind: 'error', reason: 'status-timeout' });
    const error = await quiet.queryStatus().catch((e: unknown) => e);
    expect(isPrinterError(error, 'status-timeout')).toBe(true);
    await quiet.close();
    await new Promise<void>((resolve) => mute.close(() => resolve()));
  });

  it('nothing listening on the port is a clear port-not-found error', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
    const address = probe.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const absent = new ReceiptPrinter({ transport: new TcpPrinterTransport({ host: '127.0.0.1', port: address.port }) });
    const error = await absent.open().catch((e: unknown) => e);
    expect(isPrinterError(error, 'port-not-found')).toBe(true);
    expect((error as Error).message).toContain(`tcp://127.0.0.1:${address.port}`);
    expect(absent.state.state).toEqual({ kind: 'error', reason: 'port-not-found' });
  });
});
