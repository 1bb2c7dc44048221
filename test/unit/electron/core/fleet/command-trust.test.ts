import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RevokedKeys } from '../../../../../electron/core/config-bundle/revoked-keys.ts';
import { commandTrust } from '../../../../../electron/core/fleet/command-trust.ts';
import { signCommand, verifyCommand } from '../../../../../electron/core/fleet/signed-command.ts';
import { makeKey } from '../../../../support/signed-bundles.ts';
import { useTempDir } from '../../../../support/temp-dir.ts';

const tmp = useTempDir('command-trust');
const current = makeKey('fleet-2026');
const withdrawn = makeKey('fleet-2025');
const pinned = [
  { id: current.id, key: current.publicKey },
  { id: withdrawn.id, key: withdrawn.publicKey },
];

describe('commandTrust', () => {
  it('a key a bundle withdrew signs no command, even while a rolled-back config still pins it', () => {
    const revoked = new RevokedKeys(tmp.path('trust/revoked-keys.json'));
    revoked.add([{ id: withdrawn.id, key: withdrawn.publicKey }], '2.0.0', new Date());
    const problems: string[] = [];
    const trusted = commandTrust(() => pinned, revoked, (d) => problems.push(d));
    expect(trusted()).toEqual([{ id: current.id, key: current.publicKey }]);
    const byWithdrawn = signCommand({ keyId: withdrawn.id, privateKey: withdrawn.privateKey, command: { name: 'restart' }, targets: { groups: ['*'] } });
    expect(verifyCommand(byWithdrawn, { trustedKeys: trusted(), terminalId: 'KM-0001', now: new Date() })).toMatchObject({ ok: false, refusal: { reason: 'unknown-key' } });
    expect(problems).toEqual([]);
  });

  it('an unreadable revocation list trusts no key and says why', () => {
    const path = tmp.path('trust/revoked-keys.json');
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, '{"revoked": [');
    const problems: string[] = [];
    const trusted = commandTrust(() => pinned, new RevokedKeys(path), (d) => problems.push(d));
    expect(trusted()).toEqual([]);
    expect(problems).toHaveLength(1);
  });
});
