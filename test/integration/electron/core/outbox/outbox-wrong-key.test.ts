/**
 * The terminal starts with another encryption key than the one its queued items were sealed
 * with (key file lost or replaced): those items are reported and kept, never sent, never deleted,
 * never marked failed; their case waits (order), other cases and streams go on. With the right key back,
 * everything is delivered. The key itself never appears in a log line.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlertBoard } from '../../../../../electron/core/alerts/alert-board.ts';
import { closeDatabase, openDatabase } from '../../../../../electron/core/db/database.ts';
import { migrations } from '../../../../../electron/core/db/migrations/index.ts';
import { OutboxKey } from '../../../../../electron/core/outbox/outbox-key.ts';
import { rotateDataDirKey } from '../../../../../electron/core/outbox/outbox-keyring-store.ts';
import { startOutbox } from '../../../../../electron/core/outbox/outbox-runtime.ts';
import { UpstreamClient } from '../../../../../electron/core/upstream/upstream-client.ts';
import { startReferenceUpstream, type ReferenceUpstream } from '../../../../upstream/reference-upstream.ts';
import { acceptedInStream, captureLogger, openOutbox, startSync, TERMINAL_ID, tempDir } from '../../../../support/outbox-stack.ts';
import { waitFor } from '../../../../support/wait.ts';

let upstream: ReferenceUpstream;
let temp: ReturnType<typeof tempDir>;
beforeEach(async () => {
  upstream = await startReferenceUpstream();
  temp = tempDir('outbox-key');
});
afterEach(async () => {
  await upstream.close();
  temp.remove();
});

const keyA = new OutboxKey(Buffer.alloc(32, 0xa1));
const keyB = new OutboxKey(Buffer.alloc(32, 0xb2));

describe('outbox with the wrong key', () => {
  it('holds the items it cannot open and their case, keeps serving other cases and streams, and delivers all once the key is back', async () => {
    const path = temp.path('kiosk.db');
    const before = openOutbox(path, { keys: keyA });
    const old = [1, 2, 3].map(
      (n) => before.outbox.enqueue({ stream: 'forms', kind: 'form.v1', payload: { n, name: '周杰' }, orderKey: 'case-zj' }).item,
    );
    before.close();

    // Restart with key B.
    const { logger, lines } = captureLogger();
    const wrong = openOutbox(path, { keys: keyB });
    expect(wrong.outbox.keyReport()).toEqual({ undecryptable: 3, unknownKeyIds: [keyA.id] });
    const alerts = new AlertBoard();
    const sync = startSync(wrong.outbox, upstream.url, { logger, alerts });
    expect(alerts.get('outbox-undecryptable')).toMatchObject({ kind: 'outbox-undecryptable', severity: 'critical' });
    expect(alerts.get('outbox-undecryptable')?.detail).toMatch(new RegExp(`^3 undelivered item\\(s\\) were sealed with a key this terminal does not hold \\(${keyA.id}\\)`));
    const other = wrong.outbox.enqueue({ stream: 'evaluations', kind: 'evaluation.v1', payload: { rating: 5 } }).item;
    const behind = wrong.outbox.enqueue({ stream: 'forms', kind: 'form.v1', payload: { n: 4, name: '周杰' }, orderKey: 'case-zj' }).item;
    const otherCase = wrong.outbox.enqueue({ stream: 'forms', kind: 'form.v1', payload: { n: 5, name: '王芳' } }).item;
    await waitFor(() => wrong.outbox.get(other.id)?.status === 'delivered', 5000, 'the other stream');
    await waitFor(() => wrong.outbox.get(otherCase.id)?.status === 'delivered', 5000, 'the other case of the same stream');
    await waitFor(() => sync.worker.heldStreams.includes('forms'), 5000, 'the forms stream to be held');
    // Retrying another stream leaves this one held; retrying it looks again (and, the key still missing, holds again).
    sync.worker.retryHeld('evaluations');
    expect(sync.worker.heldStreams).toEqual(['forms']);
    sync.worker.retryHeld('forms');
    expect(sync.worker.heldStreams).toEqual([]);
    await waitFor(() => sync.worker.heldStreams.includes('forms'), 5000, 'the forms stream to be held again');
    await sync.worker.stop();

    expect([...old, behind].map((item) => wrong.outbox.get(item.id)?.status)).toEqual(['pending', 'pending', 'pending', 'pending']);
    expect(wrong.outbox.get(old[0]!.id)?.attempts).toBe(0);
    expect(wrong.outbox.count('failed')).toBe(0);
    expect(acceptedInStream(upstream.submissions, 'forms').map((p) => p.n)).toEqual([5]);
    const log = lines.join('\n');
    expect(log).toContain('"message":"outbox key mismatch: undelivered submissions kept but not sent","items":3');
    expect(log).toContain(`"keyIds":["${keyA.id}"]`);
    expect(log).toContain(`"message":"outbox item held: it was sealed with another key","stream":"forms","id":${old[0]!.id}`);
    for (const key of [keyA, keyB]) expect(log).not.toContain(key.material().toString('hex'));
    wrong.close();

    // Restart with B current and A as a previous key (e.g. the old key file restored).
    const fixed = openOutbox(path, { keys: { current: keyB, previous: [keyA] } });
    expect(fixed.outbox.keyReport().undecryptable).toBe(0);
    const again = startSync(fixed.outbox, upstream.url);
    await waitFor(() => fixed.outbox.count('pending') === 0, 5000, 'everything to be delivered');
    await again.worker.stop();
    expect(acceptedInStream(upstream.submissions, 'forms').map((p) => p.n)).toEqual([5, 1, 2, 3, 4]);
    expect(upstream.orderViolations).toEqual([]);
    fixed.close();
  });

  it('a key file restored from before a rotation strands nothing: items sealed under either key are delivered', async () => {
    const client = new UpstreamClient({ baseUrl: upstream.url, timeoutMs: 1000, terminalId: TERMINAL_ID });
    const start = () => {
      const db = openDatabase(temp.path('kiosk.db'), { migrations });
      const alerts = new AlertBoard();
      const running = startOutbox({ db, dataDir: temp.dir, upstream: () => client, terminalId: () => TERMINAL_ID, logger: captureLogger().logger, alerts });
      return { db, alerts, running };
    };
    const first = start();
    const sealedOld = first.running.outbox.enqueue({ stream: 'forms', kind: 'form.v1', payload: { n: 1 } }).item;
    const backup = readFileSync(join(temp.dir, 'keys', 'current'), 'utf8');
    await first.running.stop();
    closeDatabase(first.db);

    const rotated = rotateDataDirKey(temp.dir);
    const second = start();
    const sealedNew = second.running.outbox.enqueue({ stream: 'forms', kind: 'form.v1', payload: { n: 2 } }).item;
    expect(second.running.outbox.get(sealedNew.id)?.keyId).toBe(rotated.id);
    await second.running.stop();
    closeDatabase(second.db);

    // The backup from before the rotation is put back: the old key seals again, the new one still opens.
    writeFileSync(join(temp.dir, 'keys', 'current'), backup);
    const third = start();
    expect(third.running.outbox.keyReport()).toEqual({ undecryptable: 0, unknownKeyIds: [] });
    third.running.start();
    await waitFor(() => third.running.outbox.count('pending') === 0, 5000, 'both items to be delivered');
    expect([sealedOld, sealedNew].map((item) => third.running.outbox.get(item.id)?.status)).toEqual(['delivered', 'delivered']);
    expect(acceptedInStream(upstream.submissions, 'forms').map((p) => p.n)).toEqual([1, 2]);
    expect(third.alerts.list()).toEqual([]);
    await third.running.stop();
    closeDatabase(third.db);
  });
});
