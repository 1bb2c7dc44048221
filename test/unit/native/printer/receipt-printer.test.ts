/**
 * Driver logic against the simulator's protocol engine through an in-process byte link (the PTY
 * path is covered in test/integration/printer-serial.test.ts); the link can fail writes on demand.
 */
import { describe, expect, it } from 'vitest';
import { EscPosBuilder } from '../../../../native/printer/escpos-builder.ts';
import { InMemoryPrintJobStore, type PrintJobRecord, type PrintJobStore } from '../../../../native/printer/print-job-store.ts';
import { isPrinterError } from '../../../../native/printer/printer-errors.ts';
import { ReceiptPrinter } from '../../../../native/printer/receipt-printer.ts';
import { StreamPrinterTransport } from '../../../../native/printer/transport.ts';
import { PrinterEngine } from '../../../../native/simulators/printer-simulator.ts';

class LoopbackTransport extends StreamPrinterTransport {
  readonly description = 'loopback';
  #open = false;
  failNextWrites = 0;
  sendDelayMs = 0;

  constructor(readonly engine: PrinterEngine) {
    super(1000);
  }

  get isOpen(): boolean {
    return this.#open;
  }

  opens = 0;

  async open(): Promise<void> {
    this.opens++;
    await new Promise((resolve) => setImmediate(resolve));
    this.#open = true;
  }

  async close(): Promise<void> {
    if (!this.#open) return;
    this.#open = false;
    this.closed('closed');
  }

  /** The far end went away (cable pulled). */
  unplug(): void {
    this.#open = false;
    this.closed('device disconnected');
  }

  /** Every write as it starts, before any delay: what the printer has handed the link so far. */
  readonly writesStarted: Uint8Array[] = [];

  protected async send(bytes: Uint8Array): Promise<void> {
    this.writesStarted.push(bytes);
    if (this.failNextWrites > 0) {
      this.failNextWrites--;
      throw new Error('EIO: simulated write failure');
    }
    if (this.sendDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.sendDelayMs));
    if (!this.#open) throw new Error('EBADF: port closed during write');
    const reply = this.engine.feed(bytes);
    if (reply.length > 0) setImmediate(() => this.received(reply));
  }
}

async function setup(options: { retainBytes?: boolean; jobs?: PrintJobStore } = {}) {
  const engine = new PrinterEngine();
  const transport = new LoopbackTransport(engine);
  const printer = new ReceiptPrinter({ transport, statusTimeoutMs: 100, ...options });
  await printer.open();
  return { engine, transport, printer };
}

const receipt = (text: string): Uint8Array => new EscPosBuilder().init().line(text).cut().build();

describe('ReceiptPrinter (in-process link)', () => {
  it('prints once when the same jobId is printed twice concurrently', async () => {
    const { engine, printer } = await setup();
    const [a, b] = await Promise.all([printer.print('job-1', receipt('回执')), printer.print('job-1', receipt('回执'))]);
    expect([a.status, b.status]).toEqual(['printed', 'already-printed']);
    expect(engine.receipts.map((r) => r.lines)).toEqual([['回执']]);
    expect(printer.jobs.get('job-1')).toMatchObject({ status: 'printed', attempts: 1 });
  });

  it('goes ready → busy → ready around a job and pushes status flags', async () => {
    const { engine, printer } = await setup();
    const kinds: string[] = [];
    const flags: (readonly string[])[] = [];
    printer.state.on('change', (next) => kinds.push(next.kind));
    printer.state.on('flags', (f) => flags.push(f));
    engine.setCondition({ paperNearEnd: true });
    expect((await printer.print('job-2', receipt('x'))).status).toBe('printed');
    expect(kinds).toEqual(['busy', 'ready']);
    expect(flags).toEqual([['paper-near-end']]);
  });

  it('a failed write is recorded as failed with the reason, and the job can be retried', async () => {
    const { engine, transport, printer } = await setup();
    transport.failNextWrites = 1;
    const first = await printer.print('job-3', receipt('重试'));
    expect(first).toEqual({ jobId: 'job-3', status: 'failed', reason: 'write-failed' });
    expect(printer.state.state).toEqual({ kind: 'error', reason: 'write-failed' });
    expect(printer.jobs.get('job-3')).toMatchObject({ status: 'failed', attempts: 1, lastError: 'write-failed' });
    const second = await printer.print('job-3', receipt('重试'));
    expect(second.status).toBe('printed');
    expect(printer.jobs.get('job-3')).toMatchObject({ status: 'printed', attempts: 2 });
    expect(engine.receipts).toHaveLength(1);
    expect(printer.state.state.kind).toBe('ready');
  });

  it('does not send a job to a printer with a cutter error', async () => {
    const { engine, printer } = await setup();
    engine.setCondition({ cutterError: true });
    expect(await printer.print('job-4', receipt('x'))).toEqual({ jobId: 'job-4', status: 'failed', reason: 'cutter-error' });
    expect(engine.received.length).toBe(0);
    expect(printer.state.state).toEqual({ kind: 'error', reason: 'cutter-error' });
  });

  it('resumePending prints retained waiting jobs in order, exactly once', async () => {
    const { engine, printer } = await setup({ retainBytes: true });
    engine.setCondition({ paperOut: true });
    expect((await printer.print('job-a', receipt('第一'))).status).toBe('waiting-for-paper');
    expect((await printer.print('job-b', receipt('第二'))).status).toBe('waiting-for-paper');
    expect(await printer.resumePending()).toEqual([
      { jobId: 'job-a', status: 'waiting-for-paper', reason: 'paper-out' },
      { jobId: 'job-b', status: 'waiting-for-paper', reason: 'paper-out' },
    ]);
    expect(engine.received.length).toBe(0);
    engine.setCondition({ paperOut: false });
    const outcomes = await printer.resumePending();
    expect(outcomes.map((o) => [o.jobId, o.status])).toEqual([
      ['job-a', 'printed'],
      ['job-b', 'printed'],
    ]);
    expect(engine.receipts.map((r) => r.lines[0])).toEqual(['第一', '第二']);
    expect(printer.jobs.get('job-a')?.bytes).toBeUndefined();
    expect(await printer.resumePending()).toEqual([]);
    expect((await printer.print('job-a', receipt('第一'))).status).toBe('already-printed');
  });

  it('resumePending takes bytes from the caller, and fails visibly a job nobody holds bytes for', async () => {
    const { engine, printer } = await setup();
    engine.setCondition({ coverOpen: true });
    await printer.print('held', receipt('有'));
    await printer.print('lost', receipt('无'));
    expect(printer.jobs.get('held')).not.toHaveProperty('bytes');
    engine.setCondition({ coverOpen: false });
    const held = receipt('有');
    const outcomes = await printer.resumePending((jobId) => (jobId === 'held' ? held : undefined));
    expect(outcomes).toEqual([
      { jobId: 'held', status: 'printed' },
      { jobId: 'lost', status: 'failed', reason: 'bytes-unavailable' },
    ]);
    expect(printer.jobs.get('lost')).toMatchObject({ status: 'failed', lastError: 'bytes-unavailable' });
    expect((await printer.print('lost', receipt('无'))).status).toBe('printed');
    expect(engine.receipts.map((r) => r.lines[0])).toEqual(['有', '无']);
  });

  it('keeps a waiting job waiting when the status read fails during resume', async () => {
    const { engine, printer } = await setup({ retainBytes: true });
    engine.setCondition({ paperOut: true });
    await printer.print('job-w', receipt('等'));
    engine.setCondition({ paperOut: false, silent: true });
    expect(await printer.resumePending()).toEqual([{ jobId: 'job-w', status: 'failed', reason: 'status-timeout' }]);
    expect(printer.jobs.get('job-w')).toMatchObject({ status: 'waiting-for-paper', lastError: 'paper-out', attempts: 1 });
    expect(printer.jobs.get('job-w')?.bytes?.length).toBeGreaterThan(0);
    // A direct retry that cannot read status leaves the job queued for paper, bytes kept.
    expect(await printer.print('job-w', receipt('等'))).toEqual({ jobId: 'job-w', status: 'failed', reason: 'status-timeout' });
    expect(printer.jobs.get('job-w')).toMatchObject({ status: 'waiting-for-paper', lastError: 'status-timeout', attempts: 2 });
    expect(printer.jobs.get('job-w')?.bytes?.length).toBeGreaterThan(0);
    engine.setCondition({ silent: false });
    expect((await printer.resumePending())[0]?.status).toBe('printed');
    expect(engine.receipts).toHaveLength(1);
  });

  it('resumes jobs with a store that cannot list (get/put only)', async () => {
    const records = new Map<string, PrintJobRecord>();
    const jobs: PrintJobStore = { get: (id) => records.get(id), put: (r) => void records.set(r.jobId, { ...r }) };
    const { engine, printer } = await setup({ jobs, retainBytes: true });
    engine.setCondition({ paperOut: true });
    await printer.print('job-s', receipt('存'));
    engine.setCondition({ paperOut: false });
    expect(await printer.resumePending()).toEqual([{ jobId: 'job-s', status: 'printed' }]);
    expect(records.get('job-s')?.status).toBe('printed');
  });

  it('records a job as failed when the printer is not open, and rejects bad arguments', async () => {
    const engine = new PrinterEngine();
    const printer = new ReceiptPrinter({ transport: new LoopbackTransport(engine), jobs: new InMemoryPrintJobStore() });
    expect(await printer.print('job-c', receipt('x'))).toEqual({ jobId: 'job-c', status: 'failed', reason: 'disconnected' });
    expect(printer.jobs.get('job-c')).toMatchObject({ status: 'failed', lastError: 'disconnected' });
    await expect(printer.print('', receipt('x'))).rejects.toThrow(/non-empty jobId/);
    await expect(printer.print('job-d', new Uint8Array())).rejects.toThrow(/has no bytes/);
    await expect(printer.queryStatus()).rejects.toSatisfy((e: unknown) => isPrinterError(e, 'disconnected'));
  });

  it('close() lets a job in flight finish instead of cutting the receipt', async () => {
    const { engine, transport, printer } = await setup();
    transport.sendDelayMs = 50;
    const job = receipt('完整');
    const printing = printer.print('job-close', job);
    // Close while the job's bytes are on their way, not before the printer has started writing them.
    await expect.poll(() => transport.writesStarted.some((bytes) => bytes.length >= job.length), { timeout: 2000, interval: 1 }).toBe(true);
    await printer.close();
    expect(await printing).toEqual({ jobId: 'job-close', status: 'printed' });
    expect(engine.receipts.map((r) => r.lines)).toEqual([['完整']]);
    expect(printer.state.state).toEqual({ kind: 'disconnected' });
  });

  it('goes disconnected with a reason when the link drops, and reopens', async () => {
    const { transport, printer } = await setup();
    transport.unplug();
    expect(printer.state.state).toEqual({ kind: 'disconnected', reason: 'port-closed' });
    const kinds: string[] = [];
    printer.state.on('change', (next) => kinds.push(next.kind));
    await Promise.all([printer.open(), printer.open()]);
    expect(kinds).toEqual(['connecting', 'ready']);
    expect(transport.opens).toBe(2); // the setup's open and one shared reopen
    await printer.close();
    expect(printer.state.state).toEqual({ kind: 'disconnected' });
  });
});
