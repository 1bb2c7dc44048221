import { sign } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../../../electron/core/fleet/canonical-json.ts';
import { NonceLedger } from '../../../../../electron/core/fleet/nonce-ledger.ts';
import { commandSigningBytes, signCommand, verifyCommand, type SignedCommand, type VerifyCommandContext } from '../../../../../electron/core/fleet/signed-command.ts';
import { makeKey } from '../../../../support/signed-bundles.ts';
import { useTempDir } from '../../../../support/temp-dir.ts';

const tmp = useTempDir('signed-command');
const fleet = makeKey('fleet-2025');
const now = new Date('2026-12-04T20:00:00Z');
const context = (extra: Partial<VerifyCommandContext> = {}): VerifyCommandContext => ({
  trustedKeys: [{ id: fleet.id, key: fleet.publicKey }],
  terminalId: 'KM-0001',
  groups: ['kunming-3'],
  now,
  ...extra,
});
const signed = (extra: Partial<Parameters<typeof signCommand>[0]> = {}): SignedCommand =>
  signCommand({ keyId: fleet.id, privateKey: fleet.privateKey, command: { name: 'restart', args: { reason: 'update' } }, targets: { terminals: ['KM-0001'] }, issuedAt: now, ...extra });

describe('signCommand / verifyCommand', () => {
  it('a signed command verifies, whatever the key order after a console re-serialised it', () => {
    const command = signed();
    const reordered = JSON.parse(canonicalJson(command)) as unknown;
    const shuffled = Object.fromEntries(Object.entries(command).reverse());
    for (const input of [JSON.stringify(command), reordered, shuffled, Buffer.from(JSON.stringify(shuffled))]) {
      const result = verifyCommand(input, context());
      expect(result).toMatchObject({ ok: true, command: { keyId: 'fleet-2025', nonce: command.nonce, body: { name: 'restart', args: { reason: 'update' } } } });
    }
    expect(command.nonce).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    expect(Date.parse(command.expiresAt) - Date.parse(command.issuedAt)).toBe(3600_000);
  });

  it('targets by group, and the group * reaches every terminal', () => {
    expect(verifyCommand(signed({ targets: { groups: ['kunming-3'] } }), context()).ok).toBe(true);
    expect(verifyCommand(signed({ targets: { groups: ['*'] } }), context({ groups: [] })).ok).toBe(true);
  });

  it.each([
    ['unsigned (old format)', () => ({ id: 'c1', type: 'restart' }), 'unsigned', false],
    ['signature removed', () => ({ ...signed(), signature: '' }), 'unsigned', false],
    ['not JSON', () => 'not json', 'malformed', false],
    ['an extra field', () => ({ ...signed(), extra: 1 }), 'malformed', false],
    ['unknown key', () => signCommand({ keyId: 'rogue', privateKey: makeKey('rogue').privateKey, command: { name: 'restart' }, targets: { terminals: ['KM-0001'] }, issuedAt: now }), 'unknown-key', false],
    ['forged signature (other key, same id)', () => signCommand({ keyId: fleet.id, privateKey: makeKey('x').privateKey, command: { name: 'restart' }, targets: { terminals: ['KM-0001'] }, issuedAt: now }), 'bad-signature', false],
    ['tampered arguments', () => ({ ...signed(), command: { name: 'restart', args: { reason: 'other' } } }), 'bad-signature', false],
    ['retargeted after signing', () => ({ ...signed({ targets: { terminals: ['KM-0002'] } }), targets: { terminals: ['KM-0001'] } }), 'bad-signature', false],
    ['expired', () => signed({ issuedAt: new Date(now.getTime() - 7200_000), expiresAt: new Date(now.getTime() - 1) }), 'expired', true],
    ['issued in the future', () => signed({ issuedAt: new Date(now.getTime() + 3600_000) }), 'not-yet-valid', true],
    ['wrong terminal', () => signed({ targets: { terminals: ['KM-0002'] } }), 'not-for-this-terminal', true],
    ['wrong group', () => signed({ targets: { groups: ['shanghai'] } }), 'not-for-this-terminal', true],
  ])('refuses %s', (_label, make, reason, authenticated) => {
    const result = verifyCommand(make(), context());
    expect(result).toMatchObject({ ok: false, refusal: { reason, authenticated } });
  });

  it('refuses a signed but unknown command with its nonce (so it can be acknowledged)', () => {
    // Signed by hand: signCommand itself refuses to sign an unknown command.
    const good = signed();
    expect(() => signCommand({ keyId: fleet.id, privateKey: fleet.privateKey, command: { name: 'format-disk' }, targets: { terminals: ['KM-0001'] } })).toThrow(/command.name/);
    const unknown = { ...good, command: { name: 'format-disk', args: {} } };
    unknown.signature = sign(null, commandSigningBytes(unknown), fleet.privateKey).toString('base64url');
    expect(verifyCommand(unknown, context())).toMatchObject({ ok: false, refusal: { reason: 'unknown-command', authenticated: true, nonce: good.nonce, name: 'format-disk' } });
  });

  it('refuses to sign what a terminal would refuse', () => {
    expect(() => signed({ command: { name: 'out-of-service', args: { message: { 'zh-CN': '维修' } } } })).toThrow(/en-US/);
    expect(() => signed({ targets: {} })).toThrow(/terminals or groups/);
    expect(() => signed({ expiresAt: new Date(now.getTime() + 8 * 24 * 3600_000) })).toThrow(/at most/);
  });

  it('a bundle signature cannot pass as a command signature (domain separation)', () => {
    const command = signed();
    const { signature: _s, ...rest } = command;
    const asBundle = sign(null, Buffer.concat([Buffer.from('bianmin-config-bundle/1\n'), Buffer.from(canonicalJson(rest))]), fleet.privateKey);
    expect(verifyCommand({ ...command, signature: asBundle.toString('base64url') }, context())).toMatchObject({ ok: false, refusal: { reason: 'bad-signature' } });
  });
});

describe('nonce ledger', () => {
  it('refuses a replay, also after a restart (file)', () => {
    const path = tmp.path('nonces.json');
    const command = signed();
    const first = new NonceLedger({ path, now: () => now.getTime() });
    const accepted = verifyCommand(command, context({ nonces: first }));
    expect(accepted.ok).toBe(true);
    first.record(command.nonce, Date.parse(command.issuedAt), Date.parse(command.expiresAt));
    expect(verifyCommand(command, context({ nonces: first }))).toMatchObject({ ok: false, refusal: { reason: 'replayed' } });
    const afterReboot = new NonceLedger({ path, now: () => now.getTime() });
    expect(verifyCommand(command, context({ nonces: afterReboot }))).toMatchObject({ ok: false, refusal: { reason: 'replayed' } });
  });

  it('forgets nonces once their command has expired (bounded by time)', () => {
    const clock = { now: now.getTime() };
    const ledger = new NonceLedger({ now: () => clock.now });
    ledger.record('nonce-aaaaaaaaaaaaaaaa', clock.now, clock.now + 60_000);
    clock.now += 60_000 + 10 * 60_000;
    ledger.record('nonce-bbbbbbbbbbbbbbbb', clock.now, clock.now + 60_000);
    expect(ledger.size).toBe(1);
  });

  it('bounded by count: the earliest-issued nonce is dropped and its issue time becomes a floor', () => {
    const ledger = new NonceLedger({ maxEntries: 2, now: () => now.getTime() });
    const t = now.getTime();
    ledger.record('nonce-1111111111111111', t - 3000, t + 60_000);
    ledger.record('nonce-2222222222222222', t - 2000, t + 60_000);
    ledger.record('nonce-3333333333333333', t - 1000, t + 60_000);
    expect(ledger.size).toBe(2);
    expect(ledger.seen('nonce-1111111111111111', t - 3000)).toBe(true);
    expect(ledger.seen('nonce-never-seen-before', t - 3500)).toBe(true);
    expect(ledger.seen('nonce-never-seen-before', t - 500)).toBe(false);
  });

  it('a damaged file refuses every command issued before the damage was found, and says so', () => {
    const path = tmp.path('nonces.json');
    writeFileSync(path, '{"version":1,"entr');
    const damage: string[] = [];
    const ledger = new NonceLedger({ path, now: () => now.getTime(), onDamage: (d) => damage.push(d) });
    expect(damage).toHaveLength(1);
    expect(damage[0]).toContain('damaged');
    expect(verifyCommand(signed({ issuedAt: new Date(now.getTime() - 1000) }), context({ nonces: ledger }))).toMatchObject({ ok: false, refusal: { reason: 'replayed' } });
    expect(verifyCommand(signed({ issuedAt: new Date(now.getTime() + 1000) }), context({ nonces: ledger })).ok).toBe(true);
    // The floor is on disk again: a second restart does not forget it.
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ version: 1, floor: now.getTime() });
  });
});
