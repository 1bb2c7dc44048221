import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { verifyCommand } from '../../../../electron/core/fleet/signed-command.ts';
import { runStaffCli } from '../../../../electron/tools/staff-cli.ts';
import { useTempDir } from '../../../support/temp-dir.ts';

const tmp = useTempDir('staff-cli-command');

async function cli(args: string[]) {
  let out = '';
  let err = '';
  const code = await runStaffCli(args, { out: (t) => (out += t), err: (t) => (err += t), readStdin: async () => '', cwd: tmp.path('.') });
  return { code, out, err };
}

async function keygen(id: string) {
  expect((await cli(['keygen', '--id', id, '--out', 'keys'])).code).toBe(0);
  return JSON.parse(readFileSync(tmp.path(`keys/${id}.public.json`), 'utf8')) as { id: string; key: string };
}

describe('kiosk-staff sign-command', () => {
  it('signs a command with the bundle-signing key file; the terminal verifies it', async () => {
    const entry = await keygen('fleet-2025');
    const message = { 'zh-CN': '设备维护中', 'en-US': 'Under maintenance' };
    const result = await cli([
      'sign-command', '--key', 'keys/fleet-2025.private.pem', '--key-id', 'fleet-2025', '--command', 'out-of-service',
      '--args', JSON.stringify({ message }), '--terminals', 'KM-0001,KM-0002', '--expires-in-minutes', '30', '--out', 'cmd.json',
    ]);
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toContain('signed command out-of-service');
    const verified = verifyCommand(readFileSync(tmp.path('cmd.json'), 'utf8'), { trustedKeys: [entry], terminalId: 'KM-0002', now: new Date() });
    expect(verified).toMatchObject({ ok: true, command: { keyId: 'fleet-2025', body: { name: 'out-of-service', args: { message } } } });
    if (!verified.ok) return;
    expect(Date.parse(verified.command.expiresAt) - Date.parse(verified.command.issuedAt)).toBe(30 * 60_000);
  });

  it.each([
    [['--command', 'format-disk', '--groups', '*'], /--command: one of/],
    [['--command', 'restart'], /--terminals and\/or --groups/],
    [['--command', 'restart', '--groups', '*', '--args', '{oops'], /--args: not JSON/],
    [['--command', 'restart', '--groups', '*', '--expires-in-minutes', '99999'], /--expires-in-minutes/],
  ])('usage errors exit 2 with the reason: %j', async (extra, message) => {
    await keygen('fleet-2025');
    const result = await cli(['sign-command', '--key', 'keys/fleet-2025.private.pem', '--key-id', 'fleet-2025', ...extra]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
  });

  it('refuses (exit 1) arguments the terminal would refuse', async () => {
    await keygen('fleet-2025');
    const result = await cli(['sign-command', '--key', 'keys/fleet-2025.private.pem', '--key-id', 'fleet-2025', '--command', 'out-of-service', '--groups', '*', '--args', '{"message":{"zh-CN":"维修"}}']);
    expect(result.code).toBe(1);
    expect(result.err).toContain('en-US');
  });
});
