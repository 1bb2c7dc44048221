import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, verifyChain } from '../../../../../electron/core/audit/audit-chain.ts';
import { AuditLog, verifyAuditFile } from '../../../../../electron/core/audit/audit-log.ts';
import { useTempDir } from '../../../../support/temp-dir.ts';

const tmp = useTempDir('audit');

function logWith(count: number): AuditLog {
  let t = Date.parse('2025-03-01T08:00:00Z');
  const log = new AuditLog({ path: tmp.path('audit.jsonl'), now: () => new Date((t += 1000)) });
  for (let i = 1; i <= count; i++) log.append('staff', 'config.applied', { seq: i, field: `timeouts.inactivitySeconds=${60 + i}` });
  return log;
}

const lines = () => readFileSync(tmp.path('audit.jsonl'), 'utf8').split('\n').filter((l) => l !== '');
const writeLines = (list: string[]) => writeFileSync(tmp.path('audit.jsonl'), `${list.join('\n')}\n`);

describe('AuditLog hash chain', () => {
  it('chains entries from the genesis hash and verifies them', () => {
    const log = logWith(4);
    const entries = log.tail(10);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(entries[0]?.prev).toBe(GENESIS_HASH);
    expect(entries[1]?.prev).toBe(entries[0]?.hash);
    expect(log.verify()).toEqual({ ok: true, entries: 4, head: { seq: 4, hash: entries[3]?.hash } });
    expect(log.head()).toEqual({ seq: 4, hash: entries[3]?.hash });
  });

  it('an empty or missing log verifies as zero entries', () => {
    expect(verifyAuditFile(tmp.path('none.jsonl'))).toEqual({ ok: true, entries: 0, head: { seq: 0, hash: GENESIS_HASH } });
  });

  it('pinpoints a line whose content was edited', () => {
    logWith(5);
    const list = lines();
    list[2] = (list[2] ?? '').replace('inactivitySeconds=63', 'inactivitySeconds=15');
    writeLines(list);
    const result = verifyAuditFile(tmp.path('audit.jsonl'));
    expect(result).toMatchObject({ ok: false, line: 3, entries: 2 });
    expect(!result.ok && result.reason).toMatch(/altered/);
  });

  it('pinpoints the line after one that was edited and re-hashed (forged)', async () => {
    logWith(5);
    const list = lines();
    // A forger who recomputes line 2's own hash still breaks line 3's link to it.
    const { createHash } = await import('node:crypto');
    const body = (list[1] ?? '').replace(/,"hash":"[0-9a-f]{64}"\}$/, '}').replace('"actor":"staff"', '"actor":"fleet"');
    const hash = createHash('sha256').update(body).digest('hex');
    list[1] = `${body.slice(0, -1)},"hash":"${hash}"}`;
    writeLines(list);
    const result = verifyAuditFile(tmp.path('audit.jsonl'));
    expect(result).toMatchObject({ ok: false, line: 3, entries: 2 });
    expect(!result.ok && result.reason).toMatch(/does not follow/);
  });

  it('detects a removed line, an inserted line and swapped lines', () => {
    logWith(5);
    const original = lines();

    writeLines(original.filter((_, i) => i !== 1));
    expect(verifyAuditFile(tmp.path('audit.jsonl'))).toMatchObject({ ok: false, line: 2 });

    writeLines([...original.slice(0, 3), original[1] ?? '', ...original.slice(3)]);
    expect(verifyAuditFile(tmp.path('audit.jsonl'))).toMatchObject({ ok: false, line: 4 });

    writeLines([original[0] ?? '', original[2] ?? '', original[1] ?? '', ...original.slice(3)]);
    expect(verifyAuditFile(tmp.path('audit.jsonl'))).toMatchObject({ ok: false, line: 2 });
  });

  it('reports garbage lines by number', () => {
    logWith(2);
    appendFileSync(tmp.path('audit.jsonl'), 'rm -rf / # not an entry\n');
    const result = verifyChain(readFileSync(tmp.path('audit.jsonl'), 'utf8'));
    expect(result).toMatchObject({ ok: false, line: 3, entries: 2 });
    expect(!result.ok && result.reason).toMatch(/not an audit line/);
  });

  it('a torn last line (power cut) is reported, and later entries start on a fresh line', () => {
    logWith(3);
    appendFileSync(tmp.path('audit.jsonl'), '{"seq":4,"time":"2025-03-01T08:');
    const torn = verifyAuditFile(tmp.path('audit.jsonl'));
    expect(torn).toMatchObject({ ok: false, line: 4, entries: 3 });
    expect(!torn.ok && torn.reason).toMatch(/incomplete/);

    const reopened = new AuditLog({ path: tmp.path('audit.jsonl') });
    const entry = reopened.append('system', 'audit.resumed');
    expect(entry.seq).toBe(4);
    expect(lines()).toHaveLength(5);
    // The torn line stays visible at line 4: nothing is silently dropped from an audit log.
    expect(reopened.verify()).toMatchObject({ ok: false, line: 4 });
  });

  it('masks ID numbers in details before they are hashed and written', () => {
    const log = new AuditLog({ path: tmp.path('audit.jsonl') });
    log.append('staff', 'queue.acknowledged', { holder: '11010519491231002X' });
    const text = readFileSync(tmp.path('audit.jsonl'), 'utf8');
    expect(text).not.toContain('11010519491231002X');
    expect(text).toContain('110***********002X');
    expect(log.verify().ok).toBe(true);
  });

  it('a "prev" or "hash" key inside details does not confuse parsing', () => {
    const log = new AuditLog({ path: tmp.path('audit.jsonl') });
    log.append('fleet', 'odd', { prev: 'x', hash: 'y', nested: { prev: GENESIS_HASH } });
    log.append('fleet', 'next');
    const reopened = new AuditLog({ path: tmp.path('audit.jsonl') });
    expect(reopened.head().seq).toBe(2);
    expect(reopened.tail(5).map((e) => e.details)).toEqual([{ prev: 'x', hash: 'y', nested: { prev: GENESIS_HASH } }, {}]);
    expect(reopened.verify().ok).toBe(true);
  });

  it('two AuditLog objects on one file keep a single chain', () => {
    const a = new AuditLog({ path: tmp.path('audit.jsonl') });
    const b = new AuditLog({ path: tmp.path('audit.jsonl') });
    a.append('system', 'boot');
    b.append('staff', 'staff.entry');
    a.append('system', 'config.applied');
    expect(a.verify()).toMatchObject({ ok: true, entries: 3 });
    expect(b.head()).toEqual(a.head());
  });

  it('resumes the chain after a restart', () => {
    logWith(3);
    const reopened = new AuditLog({ path: tmp.path('audit.jsonl') });
    expect(reopened.head().seq).toBe(3);
    reopened.append('system', 'boot');
    expect(reopened.verify()).toMatchObject({ ok: true, entries: 4 });
  });

  it('exports a verified copy, and reports a tampered one', () => {
    const log = logWith(3);
    const good = log.exportTo(tmp.path('usb'), 'KM-0001');
    expect(good.file).toMatch(/usb\/audit-KM-0001-.*\.jsonl$/);
    expect(readFileSync(good.file, 'utf8')).toBe(readFileSync(tmp.path('audit.jsonl'), 'utf8'));
    expect(good.verification).toMatchObject({ ok: true, entries: 3 });

    const list = lines();
    list[0] = (list[0] ?? '').replace('"staff"', '"admin"');
    writeLines(list);
    const bad = log.exportTo(tmp.path('usb2'), 'KM-0001');
    expect(bad.verification).toMatchObject({ ok: false, line: 1 });
  });
});
