import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../../../electron/core/audit/audit-log.ts';
import { verifyPin } from '../../../../electron/core/staff/pin-hash.ts';
import { runStaffCli } from '../../../../electron/tools/staff-cli.ts';
import { useTempDir } from '../../../support/temp-dir.ts';

const tmp = useTempDir('staff-cli');
const repoRoot = join(import.meta.dirname, '../../../..');

async function cli(args: string[], stdin = '') {
  let out = '';
  let err = '';
  const code = await runStaffCli(args, { out: (t) => (out += t), err: (t) => (err += t), readStdin: async () => stdin, cwd: tmp.path('.') });
  return { code, out, err };
}

async function keygen(id: string) {
  const result = await cli(['keygen', '--id', id, '--out', 'keys']);
  expect(result.code).toBe(0);
  return JSON.parse(readFileSync(tmp.path(`keys/${id}.public.json`), 'utf8')) as { id: string; key: string };
}

describe('kiosk-staff CLI', () => {
  it('keygen writes a 0600 private key and prints the publicKeys entry; refuses to overwrite', async () => {
    const entry = await keygen('fleet-2025');
    expect(entry.key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(statSync(tmp.path('keys/fleet-2025.private.pem')).mode & 0o777).toBe(0o600);
    expect(readFileSync(tmp.path('keys/fleet-2025.private.pem'), 'utf8')).toContain('BEGIN PRIVATE KEY');
    const again = await cli(['keygen', '--id', 'fleet-2025', '--out', 'keys']);
    expect(again.code).toBe(1);
    expect(again.err).toContain('refusing to overwrite');
  });

  it('sign then verify: OK for a good bundle, REFUSED for a wrong key, a schema error or another terminal', async () => {
    const entry = await keygen('fleet-2025');
    await keygen('other');
    writeFileSync(tmp.path('override.json'), JSON.stringify({ locale: 'en-US' }));
    writeFileSync(tmp.path('bad.json'), JSON.stringify({ timeouts: { inactivitySeconds: 3 } }));
    const trust = `${entry.id}=${entry.key}`;

    const signed = await cli(['sign', '--key', 'keys/fleet-2025.private.pem', '--key-id', 'fleet-2025', '--config', 'override.json', '--version', '1.2.0', '--terminals', 'KM-0001', '--out', 'bundle.json']);
    expect(signed.code).toBe(0);
    const ok = await cli(['verify', '--bundle', 'bundle.json', '--public-key', trust, '--terminal', 'KM-0001', '--defaults', join(repoRoot, 'resources/config/default.json')]);
    expect(ok).toMatchObject({ code: 0, err: '' });
    expect(ok.out).toBe('OK: signed by "fleet-2025", version 1.2.0, for KM-0001, config valid\n');

    const elsewhere = await cli(['verify', '--bundle', 'bundle.json', '--public-key', trust, '--terminal', 'KM-0002', '--defaults', join(repoRoot, 'resources/config/default.json')]);
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.err).toContain('REFUSED (not-for-this-terminal)');

    await cli(['sign', '--key', 'keys/other.private.pem', '--key-id', 'fleet-2025', '--config', 'override.json', '--version', '1.2.0', '--out', 'forged.json']);
    const forged = await cli(['verify', '--bundle', 'forged.json', '--public-key', trust, '--defaults', join(repoRoot, 'resources/config/default.json')]);
    expect(forged.code).toBe(1);
    expect(forged.err).toContain('REFUSED (bad-signature)');

    await cli(['sign', '--key', 'keys/fleet-2025.private.pem', '--key-id', 'fleet-2025', '--config', 'bad.json', '--version', '1.3.0', '--out', 'bad-bundle.json']);
    const schema = await cli(['verify', '--bundle', 'bad-bundle.json', '--public-key', trust, '--defaults', join(repoRoot, 'resources/config/default.json')]);
    expect(schema.code).toBe(1);
    expect(schema.err).toContain('REFUSED (schema): bundle 1.3.0: timeouts.inactivitySeconds: must be ≥ 15 (got 3)');
  });

  it('verify can take the trusted keys from a terminal config file', async () => {
    const entry = await keygen('fleet-2025');
    writeFileSync(tmp.path('terminal.json'), JSON.stringify({ terminalId: 'KM-0001', publicKeys: [entry] }));
    writeFileSync(tmp.path('override.json'), '{}');
    await cli(['sign', '--key', 'keys/fleet-2025.private.pem', '--key-id', 'fleet-2025', '--config', 'override.json', '--version', '2.0.0', '--out', 'b.json']);
    const result = await cli(['verify', '--bundle', 'b.json', '--trust-config', 'terminal.json', '--defaults', join(repoRoot, 'resources/config/default.json')]);
    expect(result.out).toContain('OK: signed by "fleet-2025", version 2.0.0, for every terminal');
  });

  it('verify applies the terminal\'s rules: another terminalId, a withdrawn key', async () => {
    const entry = await keygen('fleet-2025');
    const old = await keygen('fleet-2024');
    const defaults = join(repoRoot, 'resources/config/default.json');
    writeFileSync(tmp.path('terminal.json'), JSON.stringify({ terminalId: 'KM-0001', publicKeys: [entry] }));
    writeFileSync(tmp.path('revoked.json'), JSON.stringify({ revoked: [{ ...old, revokedAt: '2025-03-01T08:00:00Z', byBundle: '1.1.0' }] }));

    writeFileSync(tmp.path('rename.json'), JSON.stringify({ terminalId: 'KM-0002', publicKeys: [entry] }));
    await cli(['sign', '--key', 'keys/fleet-2025.private.pem', '--key-id', 'fleet-2025', '--config', 'rename.json', '--version', '2.0.0', '--out', 'rename-bundle.json']);
    const renamed = await cli(['verify', '--bundle', 'rename-bundle.json', '--trust-config', 'terminal.json', '--defaults', defaults]);
    expect(renamed).toMatchObject({ code: 1, err: 'REFUSED (terminal-id-changed): bundle would change terminalId from KM-0001 to KM-0002\n' });

    writeFileSync(tmp.path('readd.json'), JSON.stringify({ publicKeys: [entry, old] }));
    await cli(['sign', '--key', 'keys/fleet-2025.private.pem', '--key-id', 'fleet-2025', '--config', 'readd.json', '--version', '2.0.0', '--out', 'readd-bundle.json']);
    const readded = await cli(['verify', '--bundle', 'readd-bundle.json', '--trust-config', 'terminal.json', '--revoked', 'revoked.json', '--defaults', defaults]);
    expect(readded).toMatchObject({ code: 1, err: 'REFUSED (revoked-key): publicKeys: "fleet-2024" was withdrawn earlier\n' });

    writeFileSync(tmp.path('old-signed.json'), JSON.stringify({ publicKeys: [old] }));
    writeFileSync(tmp.path('old-terminal.json'), JSON.stringify({ terminalId: 'KM-0001', publicKeys: [old] }));
    await cli(['sign', '--key', 'keys/fleet-2024.private.pem', '--key-id', 'fleet-2024', '--config', 'old-signed.json', '--version', '2.0.0', '--out', 'old-bundle.json']);
    const byWithdrawn = await cli(['verify', '--bundle', 'old-bundle.json', '--trust-config', 'old-terminal.json', '--revoked', 'revoked.json', '--defaults', defaults]);
    expect(byWithdrawn.code).toBe(1);
    expect(byWithdrawn.err).toContain('REFUSED (revoked-key)');
  });

  it('usage errors exit 2 with the usage text', async () => {
    expect(await cli([])).toMatchObject({ code: 2 });
    const unknown = await cli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('kiosk-staff <command>');
    const missing = await cli(['sign', '--key', 'x.pem']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('missing --key-id');
    expect((await cli(['verify', '--bundle', 'b.json', '--bogus'])).code).toBe(2);
  });

  it('set-pin reads the PIN from stdin, stores only its hash and audits the change; a weak PIN is refused', async () => {
    const weak = await cli(['set-pin', '--data-dir', 'data'], '123456\n');
    expect(weak.code).toBe(1);
    expect(weak.err).toContain('PIN refused');
    const set = await cli(['set-pin', '--data-dir', 'data'], '740213\n');
    expect(set.code).toBe(0);
    const stored = JSON.parse(readFileSync(tmp.path('data/staff-auth.json'), 'utf8')) as { pinHash: string };
    expect(await verifyPin('740213', stored.pinHash)).toBe(true);
    expect(new AuditLog({ path: tmp.path('data/audit.jsonl') }).tail(1)[0]).toMatchObject({ actor: 'staff-cli', action: 'staff.pin-changed' });
  });

  it('audit-verify names the first altered line', async () => {
    const log = new AuditLog({ path: tmp.path('audit.jsonl') });
    for (const action of ['a', 'b', 'c']) log.append('staff', action);
    expect((await cli(['audit-verify', '--file', 'audit.jsonl'])).out).toMatch(/^OK: 3 entries, head #3 [0-9a-f]{64}\n$/);
    writeFileSync(tmp.path('audit.jsonl'), readFileSync(tmp.path('audit.jsonl'), 'utf8').replace('"action":"b"', '"action":"B"'));
    const tampered = await cli(['audit-verify', '--file', 'audit.jsonl']);
    expect(tampered.code).toBe(1);
    expect(tampered.err).toContain('TAMPERED: line 2');
  });

  it('runs as a real command (node --import tsx electron/tools/kiosk-staff.ts)', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'electron/tools/kiosk-staff.ts'), 'keygen', '--id', 'k1', '--out', tmp.path('keys')], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('"publicKeys"');
    expect(readFileSync(tmp.path('keys/k1.public.json'), 'utf8')).toContain('"id": "k1"');
  });
});
