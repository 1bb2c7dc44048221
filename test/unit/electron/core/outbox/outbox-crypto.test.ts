import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutboxKeyError } from '../../../../../electron/core/outbox/outbox-errors.ts';
import { loadOrCreateKeyFile, OutboxKey } from '../../../../../electron/core/outbox/outbox-key.ts';
import { openPayload, sealPayload } from '../../../../../electron/core/outbox/payload-seal.ts';

const context = { idempotencyKey: '3f0e8a4c-7d1b-4b8e-9a55-1c2d3e4f5a6b', stream: 'forms', kind: 'form.v1' };
const secret = Buffer.from(JSON.stringify({ name: '张三', idNumber: '11010519491231002X' }));

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-key-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('payload sealing (AES-256-GCM)', () => {
  it('round-trips, and the sealed bytes do not contain the plaintext', () => {
    const key = OutboxKey.generate();
    const sealed = sealPayload(key, context, secret);
    expect(sealed.includes(Buffer.from('11010519491231002X'))).toBe(false);
    expect(sealed.length).toBe(1 + 12 + 16 + secret.length);
    expect(openPayload(key, context, sealed).equals(secret)).toBe(true);
  });

  it('uses a fresh IV each time', () => {
    const key = OutboxKey.generate();
    expect(sealPayload(key, context, secret).equals(sealPayload(key, context, secret))).toBe(false);
  });

  it.each([
    ['another idempotency key', { ...context, idempotencyKey: 'other-key-0001' }],
    ['another stream', { ...context, stream: 'evaluations' }],
    ['another kind', { ...context, kind: 'form.v2' }],
  ])('refuses to open a payload moved onto a row with %s (AAD binding)', (_label, other) => {
    const key = OutboxKey.generate();
    expect(() => openPayload(key, other, sealPayload(key, context, secret))).toThrow(/unable to authenticate/i);
  });

  it('refuses the wrong key, a flipped bit and a truncated blob', () => {
    const key = OutboxKey.generate();
    const sealed = sealPayload(key, context, secret);
    expect(() => openPayload(OutboxKey.generate(), context, sealed)).toThrow(/unable to authenticate/i);
    const flipped = Buffer.from(sealed);
    flipped[flipped.length - 1]! ^= 0x01;
    expect(() => openPayload(key, context, flipped)).toThrow(/unable to authenticate/i);
    expect(() => openPayload(key, context, sealed.subarray(0, 20))).toThrow(/malformed/);
    expect(() => openPayload(key, context, Buffer.alloc(0))).toThrow(/malformed/);
  });
});

describe('OutboxKey', () => {
  it('never shows its bytes in JSON, inspect or string form', () => {
    const bytes = Buffer.alloc(32, 0xab);
    const key = new OutboxKey(bytes);
    const hex = bytes.toString('hex');
    for (const shown of [JSON.stringify({ key }), inspect(key), `${key}`, inspect({ nested: key }, { depth: 5 })]) {
      expect(shown).not.toContain(hex);
      expect(shown).not.toContain(bytes.toString('base64'));
      expect(shown).toContain(key.id);
    }
  });

  it('has a stable fingerprint id per key and refuses a key of the wrong size', () => {
    const a = new OutboxKey(Buffer.alloc(32, 1));
    expect(new OutboxKey(Buffer.alloc(32, 1)).id).toBe(a.id);
    expect(new OutboxKey(Buffer.alloc(32, 2)).id).not.toBe(a.id);
    expect(a.id).toMatch(/^k-[0-9a-f]{12}$/);
    expect(() => new OutboxKey(Buffer.alloc(16))).toThrow(OutboxKeyError);
    expect(() => new OutboxKey(Buffer.alloc(16))).toThrow('an outbox key must be 32 bytes (AES-256), got 16');
  });
});

describe('loadOrCreateKeyFile', () => {
  it('creates a 0600 key file once and reads the same key afterwards', () => {
    const path = join(dir, 'outbox.key');
    const first = loadOrCreateKeyFile(path);
    expect(first.created).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    const second = loadOrCreateKeyFile(path);
    expect(second).toMatchObject({ created: false, permissionsFixed: false });
    expect(second.key.id).toBe(first.key.id);
  });

  it('restricts a key file that others can read to 0600', () => {
    const path = join(dir, 'outbox.key');
    loadOrCreateKeyFile(path);
    chmodSync(path, 0o644);
    expect(loadOrCreateKeyFile(path).permissionsFixed).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it.each([
    ['empty', ''],
    ['too short', 'abcd'],
    ['not hex', 'z'.repeat(64)],
  ])('refuses a %s key file without replacing it', (_label, content) => {
    const path = join(dir, 'outbox.key');
    writeFileSync(path, content, { mode: 0o600 });
    expect(() => loadOrCreateKeyFile(path)).toThrow(OutboxKeyError);
    expect(() => loadOrCreateKeyFile(path)).toThrow(/is not a valid key .*left untouched/);
    expect(readFileSync(path, 'utf8')).toBe(content);
  });
});
