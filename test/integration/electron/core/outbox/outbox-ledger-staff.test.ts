/**
 * The outbox runtime on a real SQLite file and a real sequence ledger: a ledger that cannot be
 * written is an alert until it is written again, and a gap (submissions acknowledged to citizens
 * but missing from a replaced database) is shown until staff acknowledge it, after which it stays
 * recorded in the ledger and is not raised again on the next start.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlertBoard } from '../../../../../electron/core/alerts/alert-board.ts';
import { closeDatabase, openDatabase } from '../../../../../electron/core/db/database.ts';
import { migrations } from '../../../../../electron/core/db/migrations/index.ts';
import { startOutbox } from '../../../../../electron/core/outbox/outbox-runtime.ts';
import { UpstreamClient } from '../../../../../electron/core/upstream/upstream-client.ts';
import { startReferenceUpstream, type ReferenceUpstream } from '../../../../upstream/reference-upstream.ts';
import { captureLogger, TERMINAL_ID, tempDir } from '../../../../support/outbox-stack.ts';

let upstream: ReferenceUpstream;
let temp: ReturnType<typeof tempDir>;
beforeEach(async () => {
  upstream = await startReferenceUpstream();
  temp = tempDir('outbox-ledger-staff');
});
afterEach(async () => {
  await upstream.close();
  temp.remove();
});

function start() {
  const client = new UpstreamClient({ baseUrl: upstream.url, timeoutMs: 1000, terminalId: TERMINAL_ID });
  const db = openDatabase(temp.path('kiosk.db'), { migrations });
  const alerts = new AlertBoard();
  const { logger, lines } = captureLogger();
  const running = startOutbox({ db, dataDir: temp.dir, upstream: () => client, terminalId: () => TERMINAL_ID, logger, alerts });
  return {
    alerts,
    running,
    lines,
    async stop() {
      await running.stop();
      closeDatabase(db);
    },
  };
}

const ledgerPath = () => temp.path('outbox-sequence.json');

describe('sequence ledger alerts', () => {
  it('raises an alert while the ledger cannot be written, and clears it once a write succeeds; no submission is refused meanwhile', async () => {
    const outbox = start();
    outbox.running.outbox.enqueue({ stream: 'forms', kind: 'form.v1', payload: { n: 1 } });
    mkdirSync(`${ledgerPath()}.tmp`);
    const second = outbox.running.outbox.enqueue({ stream: 'forms', kind: 'form.v1', payload: { n: 2 } }).item;
    await expect.poll(() => outbox.alerts.get('outbox-ledger-write'), { timeout: 2000 }).toMatchObject({ kind: 'outbox-ledger-write-failed', severity: 'warning' });
    expect(outbox.alerts.get('outbox-ledger-write')?.detail).toContain(ledgerPath());
    expect(outbox.running.outbox.get(second.id)?.status).toBe('pending');
    expect(outbox.lines.join('\n')).toContain('outbox sequence ledger not written');

    rmSync(`${ledgerPath()}.tmp`, { recursive: true });
    const third = outbox.running.outbox.enqueue({ stream: 'forms', kind: 'form.v1', payload: { n: 3 } }).item;
    await expect.poll(() => outbox.alerts.get('outbox-ledger-write'), { timeout: 2000 }).toBeUndefined();
    expect(JSON.parse(readFileSync(ledgerPath(), 'utf8'))).toMatchObject({ acknowledged: third.id });
    await outbox.stop();
  });

  it('shows a gap until staff acknowledge it; the gap stays recorded and is not raised again at the next start', async () => {
    const first = start();
    first.running.outbox.enqueue({ stream: 'forms', kind: 'form.v1', payload: { n: 1 } });
    await first.stop();
    // The database is replaced by an older copy: the ledger says 5 were acknowledged, it holds 1.
    writeFileSync(ledgerPath(), JSON.stringify({ acknowledged: 5, delivered: 0, gaps: [] }));

    const second = start();
    expect(second.alerts.get('outbox-lost:2-5')).toMatchObject({ kind: 'database-behind-ledger', severity: 'critical' });
    expect(second.running.acknowledgeSequenceGap(1, 5, 'staff')).toBeUndefined();
    expect(second.alerts.get('outbox-lost:2-5')).toBeDefined();
    const gap = second.running.acknowledgeSequenceGap(2, 5, 'staff');
    expect(gap).toMatchObject({ from: 2, to: 5, undelivered: 4, acknowledgedBy: 'staff', acknowledgedAt: expect.any(String) });
    expect(second.alerts.list()).toEqual([]);
    expect(second.lines.join('\n')).toContain('outbox sequence gap acknowledged by staff; its record is kept');
    await second.stop();

    const third = start();
    expect(third.alerts.list()).toEqual([]);
    expect(third.running.sequenceGaps()).toEqual([gap]);
    // New submissions still continue above the acknowledged mark: no sequence is reused.
    expect(third.running.outbox.enqueue({ stream: 'forms', kind: 'form.v1', payload: { n: 6 } }).item.id).toBe(6);
    await third.stop();
  });
});
