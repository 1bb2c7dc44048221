/**
 * ReceiptPrinter ↔ PrinterSimulator over a real socat PTY pair: every byte goes through
 * serialport and the kernel tty layer, as with a USB-serial receipt printer.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EscPosBuilder } from '../../../../native/printer/escpos-builder.ts';
import { isPrinterError } from '../../../../native/printer/printer-errors.ts';
import { openSerialReceiptPrinter, ReceiptPrinter } from '../../../../native/printer/receipt-printer.ts';
import { SerialPrinterTransport } from '../../../../native/printer/transport.ts';
import { createPtyPair, type PtyPair } from '../../../../native/serial/pty-pair.ts';
import { PrinterSimulator } from '../../../../native/simulators/printer-simulator.ts';

const VERIFY_URL = 'https://verify.example.cn/r/RPT-20240301-0001?核验=是';

function creditReceipt(reportNo: string): Uint8Array {
  return new EscPosBuilder()
    .init()
    .align('center')
    .bold()
    .size(2, 2)
    .line('个人信用查询回执')
    .size(1, 1)
    .bold(false)
    .align('left')
    .line(`报告编号: ${reportNo}`)
    .line('姓名: 李*')
    .line('证件号码: 110***********002X')
    .align('center')
    .qr(VERIFY_URL, { size: 6, ecc: 'M' })
    .line('扫码核验')
    .feed(3)
    .cut()
    .build();
}

let pty: PtyPair;
let simulator: PrinterSimulator;
let printer: ReceiptPrinter;

beforeEach(async () => {
  pty = await createPtyPair('printer');
  simulator = new PrinterSimulator({ path: pty.simulatorPath, baudRate: 115200 });
  await simulator.start();
  printer = await openSerialReceiptPrinter(pty.devicePath, 115200, { statusTimeoutMs: 250 });
});

afterEach(async () => {
  await printer.close();
  await simulator.stop();
  await pty.close();
});

describe('receipt printer over a PTY', () => {
  it('opens ready and prints a receipt the simulator decodes line by line, with the QR payload', async () => {
    expect(printer.state.state).toEqual({ kind: 'ready' });
    const outcome = await printer.print('job-print', creditReceipt('RPT-0001'));
    expect(outcome).toEqual({ jobId: 'job-print', status: 'printed' });
    const [receipt] = await simulator.waitForReceipts(1);
    expect(receipt!.errors).toEqual([]);
    expect(receipt!.lines.filter((l) => l !== '')).toEqual([
      '个人信用查询回执',
      '报告编号: RPT-0001',
      '姓名: 李*',
      '证件号码: 110***********002X',
      '扫码核验',
    ]);
    expect(receipt!.qrCodes).toEqual([VERIFY_URL]);
    expect(receipt!.cut).toBe(true);
    // Status requests are answered, not printed.
    expect(simulator.statusRequests).toBeGreaterThanOrEqual(8);
    expect(Buffer.from(simulator.received).equals(Buffer.from(creditReceipt('RPT-0001')))).toBe(true);
  });

  it('paper out: the job waits and nothing is sent; after refill it prints exactly once', async () => {
    simulator.setCondition({ paperOut: true });
    const bytes = creditReceipt('RPT-0002');
    expect(await printer.print('job-paper', bytes)).toEqual({ jobId: 'job-paper', status: 'waiting-for-paper', reason: 'paper-out' });
    expect(simulator.received.length).toBe(0);
    expect(printer.state.state).toEqual({ kind: 'error', reason: 'paper-out' });
    expect(printer.state.flags).toContain('paper-out');
    expect(printer.jobs.get('job-paper')).toMatchObject({ status: 'waiting-for-paper', lastError: 'paper-out', attempts: 1 });

    simulator.setCondition({ paperOut: false });
    expect(await printer.print('job-paper', bytes)).toEqual({ jobId: 'job-paper', status: 'printed' });
    expect(printer.state.state).toEqual({ kind: 'ready' });
    expect(printer.state.flags).toEqual([]);

    expect(await printer.print('job-paper', bytes)).toEqual({ jobId: 'job-paper', status: 'already-printed' });
    await simulator.waitForReceipts(1);
    expect(simulator.receipts).toHaveLength(1);
    expect(simulator.receipts[0]!.lines).toContain('报告编号: RPT-0002');
    expect(printer.jobs.get('job-paper')).toMatchObject({ status: 'printed', attempts: 2 });
  });

  it('cover open: the job waits with reason cover-open and the flag is pushed', async () => {
    const flagEvents: (readonly string[])[] = [];
    printer.state.on('flags', (flags) => flagEvents.push(flags));
    simulator.setCondition({ coverOpen: true });
    expect(await printer.print('job-cover', creditReceipt('RPT-0003'))).toEqual({
      jobId: 'job-cover',
      status: 'waiting-for-paper',
      reason: 'cover-open',
    });
    expect(simulator.received.length).toBe(0);
    expect(flagEvents).toEqual([['cover-open', 'offline']]);
    expect(printer.state.state).toEqual({ kind: 'error', reason: 'cover-open' });
    simulator.setCondition({ coverOpen: false });
    expect((await printer.print('job-cover', creditReceipt('RPT-0003'))).status).toBe('printed');
    expect(flagEvents.at(-1)).toEqual([]);
  });

  it('paper near end still prints and shows as a flag on a ready printer', async () => {
    simulator.setCondition({ paperNearEnd: true });
    expect((await printer.print('job-near', creditReceipt('RPT-0004'))).status).toBe('printed');
    expect(printer.state.state).toEqual({ kind: 'ready' });
    expect(printer.state.flags).toEqual(['paper-near-end']);
  });

  it('silent printer: a clear status-timeout error and state error, then recovery when it answers', async () => {
    simulator.setCondition({ silent: true });
    const error = await printer.queryStatus().catch((e: unknown) => e);
    expect(isPrinterError(error, 'status-timeout')).toBe(true);
    expect((error as Error).message).toMatch(/did not answer the real-time status request \(DLE EOT 1\.\.4\) within 250 ms/);
    expect(printer.state.state).toEqual({ kind: 'error', reason: 'status-timeout' });

    expect(await printer.print('job-silent', creditReceipt('RPT-0005'))).toEqual({
      jobId: 'job-silent',
      status: 'failed',
      reason: 'status-timeout',
    });
    expect(simulator.received.length).toBe(0);
    expect(printer.jobs.get('job-silent')).toMatchObject({ status: 'failed', lastError: 'status-timeout' });

    simulator.setCondition({ silent: false });
    const status = await printer.queryStatus();
    expect(status.online).toBe(true);
    expect(printer.state.state).toEqual({ kind: 'ready' });
    expect((await printer.print('job-silent', creditReceipt('RPT-0005'))).status).toBe('printed');
    await simulator.waitForReceipts(1);
    expect(simulator.receipts).toHaveLength(1);
  });

  it('garbled status bytes are a clear status-garbage error and nothing is printed', async () => {
    simulator.setCondition({ garbledStatus: true });
    const error = await printer.queryStatus().catch((e: unknown) => e);
    expect(isPrinterError(error, 'status-garbage')).toBe(true);
    expect((error as Error).message).toMatch(/DLE EOT 1: reply 0xFF is not a status byte/);
    expect(await printer.print('job-garbage', creditReceipt('RPT-0006'))).toMatchObject({ status: 'failed', reason: 'status-garbage' });
    expect(simulator.received.length).toBe(0);
    simulator.setCondition({ garbledStatus: false });
    expect((await printer.print('job-garbage', creditReceipt('RPT-0006'))).status).toBe('printed');
  });

  it('resumes a waiting job after refill from bytes the caller keeps', async () => {
    simulator.setCondition({ paperOut: true });
    const bytes = creditReceipt('RPT-0007');
    await printer.print('job-resume', bytes);
    simulator.setCondition({ paperOut: false });
    const outcomes = await printer.resumePending((id) => (id === 'job-resume' ? bytes : undefined));
    expect(outcomes).toEqual([{ jobId: 'job-resume', status: 'printed' }]);
    expect((await simulator.waitForReceipts(1))[0]!.lines).toContain('报告编号: RPT-0007');
    expect(await printer.resumePending()).toEqual([]);
  });
});

describe('receipt printer port errors', () => {
  it('a missing serial port is port-not-found, and the state says so', async () => {
    const missing = new ReceiptPrinter({ transport: new SerialPrinterTransport({ path: '/dev/ttyKIOSK-NOPE' }) });
    const error = await missing.open().catch((e: unknown) => e);
    expect(isPrinterError(error, 'port-not-found')).toBe(true);
    expect((error as Error).message).toContain('/dev/ttyKIOSK-NOPE');
    expect(missing.state.state).toEqual({ kind: 'error', reason: 'port-not-found' });
  });
});
