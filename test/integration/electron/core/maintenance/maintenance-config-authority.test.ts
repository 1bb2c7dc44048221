/**
 * Issue 10 through the whole core: the data directory is made private at start (0700, files
 * 0600, including files an older version left readable), and a staff session's applyConfig /
 * validateConfig cannot touch fleet-only fields, while staff fields apply and are written 0600.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigApplyResult, ConfigValidation, ConfigView } from '../../../../../electron/contract/kiosk-api.ts';
import { createKioskCore, type KioskCore } from '../../../../../electron/core/kiosk-core.ts';
import { createLogger } from '../../../../../electron/core/logging/logger.ts';
import { DEFAULT_CORNER_SEQUENCE, provisionStaffPinSync } from '../../../../support/staff-pin.ts';

const root = join(import.meta.dirname, '../../../../..');
const ctx = { shell: 'electron' as const, connectionId: '1' };
const PIN = '581604';
let base: string;
let dataDir: string;
let core: KioskCore;

const OVERRIDE = { upstream: { baseUrl: 'http://127.0.0.1:9', timeoutMs: 500 }, devices: { idCard: { enabled: false }, printer: { enabled: false } } };

async function value<T>(method: string, payload: unknown = {}): Promise<T> {
  const res = await core.apiHost.dispatch(method, payload, ctx);
  if (!res.ok) throw new Error(`${method}: ${res.error.code} ${res.error.message}`);
  return res.value as T;
}

/** Every entry under `dir` with its permission bits. */
function modes(dir: string): Array<[string, number]> {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((name) => [name, statSync(join(dir, name)).mode & 0o777]);
}

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'kiosk-authority-'));
  dataDir = join(base, 'data');
  mkdirSync(dataDir);
  // What an older version may have left: a world-readable folder and override.
  chmodSync(dataDir, 0o755);
  writeFileSync(join(dataDir, 'config.json'), JSON.stringify(OVERRIDE));
  chmodSync(join(dataDir, 'config.json'), 0o644);
  provisionStaffPinSync(dataDir, PIN);
  chmodSync(join(dataDir, 'staff-auth.json'), 0o644);
  core = await createKioskCore({
    dataDir,
    resourcesDir: join(root, 'resources'),
    shell: 'electron',
    logger: createLogger({ write: () => {} }),
    outbox: { drainMs: 100 },
  });
  for (const corner of DEFAULT_CORNER_SEQUENCE) await value('staffCornerTap', { corner });
  expect(await value('staffLogin', { pin: PIN })).toMatchObject({ status: 'ok' });
});

afterAll(async () => {
  await core?.shutdown();
  rmSync(base, { recursive: true, force: true });
});

describe('data directory permissions', () => {
  it('is 0700 with every file 0600 and every folder 0700 once the core runs', () => {
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    const entries = modes(dataDir);
    expect(entries.length).toBeGreaterThan(3);
    for (const [name, mode] of entries) {
      const wanted = statSync(join(dataDir, name)).isDirectory() ? 0o700 : 0o600;
      expect(mode, name).toBe(wanted);
    }
  });
});

describe('maintenance config authority', () => {
  it('shows fleet-only fields as such', async () => {
    const view = await value<ConfigView>('getConfig');
    const authority = new Map(view.fields.map((f) => [f.path, f.authority]));
    expect(authority.get('upstream.baseUrl')).toBe('fleet');
    expect(authority.get('timeouts.inactivitySeconds')).toBe('staff');
  });

  it.each([
    ['upstream.baseUrl', { upstream: { ...OVERRIDE.upstream, baseUrl: 'http://127.0.0.1:8080' } }],
    ['publicKeys', { publicKeys: [{ id: 'mine', key: 'A'.repeat(43) }] }],
    ['fleet.brokerUrl', { fleet: { brokerUrl: 'mqtts://collector.example.org' } }],
  ])('refuses a staff change to %s through the API, audits it, changes nothing', async (field, change) => {
    const before = readFileSync(join(dataDir, 'config.json'), 'utf8');
    const override = { ...OVERRIDE, ...change };
    const checked = await value<ConfigValidation>('validateConfig', { override });
    expect(checked).toEqual({ valid: false, problems: [expect.objectContaining({ path: field, code: 'fleet-only' })] });
    const applied = await value<ConfigApplyResult>('applyConfig', { override });
    expect(applied).toEqual({ applied: false, problems: [expect.objectContaining({ path: field, code: 'fleet-only' })] });
    expect(readFileSync(join(dataDir, 'config.json'), 'utf8')).toBe(before);
    expect(core.maintenance.audit.tail(1)[0]).toMatchObject({ action: 'config.refused', details: { source: 'local', step: 'apply', fleetOnly: [field] } });
  });

  it('refuses a path to a secret file or a program', async () => {
    const applied = await value<ConfigApplyResult>('applyConfig', { override: { ...OVERRIDE, fleet: { passwordFile: join(dataDir, 'outbox.key') } } });
    expect(applied).toMatchObject({ applied: false, problems: [{ path: 'fleet.passwordFile', reason: 'unknown field' }] });
  });

  it('applies a staff change and writes it 0600', async () => {
    const applied = await value<ConfigApplyResult>('applyConfig', { override: { ...OVERRIDE, timeouts: { inactivitySeconds: 90 } } });
    expect(applied).toMatchObject({ applied: true });
    expect(core.config().timeouts.inactivitySeconds).toBe(90);
    expect(statSync(join(dataDir, 'config.json')).mode & 0o777).toBe(0o600);
    for (const [name, mode] of modes(join(dataDir, 'config-history'))) expect(mode, name).toBe(0o600);
  });
});
