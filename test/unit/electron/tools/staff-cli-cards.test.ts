/**
 * The staff CLI's card commands: add-card (number on stdin, GB 11643 checked), list-cards and
 * remove-card, in-process and once through the real executable with the number piped in. The
 * number never appears in any output, the stored file or the audit log.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyAuditFile } from '../../../../electron/core/audit/audit-log.ts';
import { StaffCardRegistry } from '../../../../electron/core/staff/staff-cards.ts';
import { runStaffCli } from '../../../../electron/tools/staff-cli.ts';
import { maskIdNumber } from '../../../../electron/contract/rules/id-number.ts';
import { OTHER_CARD, STAFF_CARD } from '../../../support/staff-card.ts';
import { useTempDir } from '../../../support/temp-dir.ts';

const tmp = useTempDir('staff-cli-cards');
const repoRoot = join(import.meta.dirname, '../../../..');
const NUMBER = STAFF_CARD.idNumber;
const MASKED = maskIdNumber(NUMBER);

async function cli(args: string[], stdin = '') {
  let out = '';
  let err = '';
  const prompts: Array<string | undefined> = [];
  const code = await runStaffCli(args, {
    out: (t) => (out += t),
    err: (t) => (err += t),
    readStdin: async (prompt) => {
      prompts.push(prompt);
      return stdin;
    },
    cwd: tmp.path('.'),
  });
  return { code, out, err, prompts };
}

const everything = () => ['staff-cards.json', 'audit.jsonl'].map((f) => readFileSync(tmp.path(f), 'utf8')).join('\n');

describe('kiosk-staff card commands', () => {
  it('add-card registers a card from stdin, shows it masked, and the core matches it', async () => {
    const added = await cli(['add-card', '--data-dir', 'data', '--label', 'Wang (engineer)'], `${NUMBER}\n`);
    expect(added).toMatchObject({ code: 0, err: '', prompts: ['ID number'] });
    expect(added.out).toMatch(new RegExp(`^staff card [0-9a-f]{8} "Wang \\(engineer\\)" \\(${MASKED.replace(/\*/g, '\\*')}\\) registered in .*staff-cards\\.json\\n$`));
    expect(added.out).not.toContain(NUMBER);
    const registry = new StaffCardRegistry({ path: tmp.path('data/staff-cards.json') });
    expect(await registry.match(NUMBER)).toMatchObject({ label: 'Wang (engineer)' });
  });

  it('refuses a number failing the GB 11643 check, a missing label, an empty stdin and a second registration', async () => {
    const wrongCheck = NUMBER.slice(0, 17) + (NUMBER[17] === '0' ? '1' : '0');
    const refused = await cli(['add-card', '--data-dir', 'data', '--label', 'x'], `${wrongCheck}\n`);
    expect(refused).toMatchObject({ code: 1, out: '', err: 'ID number refused: check character does not match (MOD 11-2)\n' });
    expect((await cli(['add-card', '--data-dir', 'data'], NUMBER)).code).toBe(2);
    expect((await cli(['add-card', '--data-dir', 'data', '--label', 'x'], '\n')).err).toContain('no ID number on stdin');
    expect((await cli(['add-card', '--data-dir', 'data', '--label', 'first'], NUMBER)).code).toBe(0);
    const again = await cli(['add-card', '--data-dir', 'data', '--label', 'second'], NUMBER.toLowerCase());
    expect(again.code).toBe(1);
    expect(again.err).toContain(`already registered: `);
    expect(again.err).toContain(`"first" (${MASKED})`);
    expect(again.err + refused.err).not.toContain(NUMBER.slice(3, 14));
  });

  it('list-cards shows ids, masked numbers and labels; remove-card removes one by id', async () => {
    expect((await cli(['list-cards', '--data-dir', 'data'])).out).toContain('no staff cards registered');
    await cli(['add-card', '--data-dir', 'data', '--label', 'Wang'], NUMBER);
    await cli(['add-card', '--data-dir', 'data', '--label', 'Li'], OTHER_CARD.idNumber);
    const list = await cli(['list-cards', '--data-dir', 'data']);
    expect(list.code).toBe(0);
    const lines = list.out.trim().split('\n');
    expect(lines[0]).toMatch(/^2 staff card\(s\) in /);
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(new RegExp(`^[0-9a-f]{8}  ${MASKED.replace(/\*/g, '\\*')}  \\S+  Wang$`)),
      expect.stringMatching(/^[0-9a-f]{8} {2}110\*{11}0032 {2}\S+ {2}Li$/),
    ]);
    expect(list.out).not.toContain(NUMBER);
    expect(list.out).not.toContain(OTHER_CARD.idNumber);

    const id = lines[1]!.slice(0, 8);
    expect(await cli(['remove-card', '--data-dir', 'data', '--card', id])).toMatchObject({ code: 0, out: `removed staff card ${id} "Wang" (${MASKED})\n` });
    expect(await cli(['remove-card', '--data-dir', 'data', '--card', id])).toMatchObject({ code: 1, err: expect.stringContaining('no staff card with id') });
    // An ID number typed where the entry id belongs is refused without being echoed.
    const misplaced = await cli(['remove-card', '--data-dir', 'data', '--card', NUMBER]);
    expect(misplaced.code).toBe(1);
    expect(misplaced.err).not.toContain(NUMBER);
    expect((await cli(['list-cards', '--data-dir', 'data'])).out).toMatch(/^1 staff card\(s\)[^]* {2}Li\n$/);

    const audit = verifyAuditFile(tmp.path('data/audit.jsonl'));
    expect(audit).toMatchObject({ ok: true });
    const log = readFileSync(tmp.path('data/audit.jsonl'), 'utf8');
    expect(log).toContain('"actor":"staff-cli"');
    expect(log).toContain('staff.card-registered');
    expect(log).toContain('staff.card-removed');
  });

  it('never writes the number in the data directory', async () => {
    await cli(['add-card', '--data-dir', '.', '--label', 'Wang'], NUMBER);
    expect(everything()).not.toContain(NUMBER);
    expect(everything()).toContain(MASKED);
  });

  it('works as the real executable with the number piped in (npm run staff)', () => {
    const run = (args: string[], input = '') =>
      spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'electron/tools/kiosk-staff.ts'), ...args], {
        cwd: repoRoot,
        input,
        encoding: 'utf8',
        timeout: 30_000,
      });
    const added = run(['add-card', '--data-dir', tmp.path('exe'), '--label', 'Wang'], `${NUMBER}\n`);
    expect(added.stderr).toBe('');
    expect(added.status).toBe(0);
    expect(added.stdout).toContain(MASKED);
    const list = run(['list-cards', '--data-dir', tmp.path('exe')]);
    expect(list.status).toBe(0);
    expect(list.stdout).toContain(`${MASKED}`);
    expect(list.stdout + added.stdout).not.toContain(NUMBER);
  });
});
