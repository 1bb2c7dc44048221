/**
 * The maintenance namespace's strings (resources/locales/maintenance/): both languages have the
 * same keys and placeholders, and every key the maintenance screens use exists, including the
 * ones built from contract values (device kinds, states, outcomes...).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALERT_KINDS } from '../../../../electron/core/alerts/alert-board.ts';
import type {
  AlertView,
  DeviceKind,
  DeviceStateKind,
  NetworkState,
  QueueStatus,
  SelfTestResult,
  ServiceModeActor,
  ConfigVersionView,
  PrintResult,
} from '../../../../electron/contract/kiosk-api.ts';
import { MAINTENANCE_SCREENS } from '../../../../renderer/src/maintenance/maintenance-screens.ts';
import enUS from '../../../../resources/locales/maintenance/en-US.json';
import zhCN from '../../../../resources/locales/maintenance/zh-CN.json';

type Tree = { [key: string]: string | Tree };

const flatten = (tree: Tree, prefix = ''): Map<string, string> => {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
};
const zh = flatten(zhCN as Tree);
const en = flatten(enUS as Tree);
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

const sourceDir = new URL('../../../../renderer/src/maintenance/', import.meta.url);
function sources(dir: URL): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(new URL(`${entry.name}/`, dir)) : /\.tsx?$/.test(entry.name) ? [readFileSync(join(dir.pathname, entry.name), 'utf8')] : [],
  );
}

// Every value of the contract unions the screens translate; `satisfies` fails the type check
// when the contract gains a value missing here.
const families = {
  'device.names': { idCard: 1, printer: 1, scanner: 1, camera: 1, dispenser: 1 } satisfies Record<DeviceKind, 1>,
  'device.states': { disconnected: 1, connecting: 1, ready: 1, busy: 1, error: 1 } satisfies Record<DeviceStateKind, 1>,
  'network.states': { online: 1, degraded: 1, offline: 1 } satisfies Record<NetworkState, 1>,
  'queue.tabs': { pending: 1, failed: 1, acknowledged: 1, delivered: 1 } satisfies Record<QueueStatus, 1>,
  'selfTest.outcome': { passed: 1, failed: 1, timeout: 1, cancelled: 1, unavailable: 1 } satisfies Record<SelfTestResult['outcome'], 1>,
  'selfTest.run': { printer: 1, idCard: 1, scanner: 1 } satisfies Record<SelfTestResult['device'], 1>,
  'selfTest.waiting': { printer: 1, idCard: 1, scanner: 1 } satisfies Record<SelfTestResult['device'], 1>,
  'selfTest.printStatus': { printed: 1, 'already-printed': 1, 'waiting-for-paper': 1, failed: 1, unknown: 1 } satisfies Record<PrintResult['status'], 1>,
  'serviceMode.actors': { staff: 1, fleet: 1, watchdog: 1, system: 1 } satisfies Record<ServiceModeActor, 1>,
  'versions.source': { local: 1, bundle: 1, external: 1, restore: 1 } satisfies Record<ConfigVersionView['source'], 1>,
  'serviceMode.presets': { maintenance: 1, printer: 1, network: 1 },
  'config.notA': { number: 1, json: 1 },
  nav: Object.fromEntries(MAINTENANCE_SCREENS.map((s) => [s, 1])),
  'overview.alertSeverity': { warning: 1, critical: 1 } satisfies Record<AlertView['severity'], 1>,
  'overview.alertKinds': Object.fromEntries(ALERT_KINDS.map((kind) => [kind, 1])),
};

describe('maintenance locales', () => {
  it('zh-CN and en-US have exactly the same keys, none empty, with the same placeholders', () => {
    expect([...zh.keys()].sort()).toEqual([...en.keys()].sort());
    for (const [key, text] of zh) {
      expect(text.trim(), key).not.toBe('');
      expect(en.get(key)?.trim(), key).not.toBe('');
      expect(placeholders(en.get(key) ?? ''), key).toEqual(placeholders(text));
    }
  });

  it('has every key the screens use literally', () => {
    const used = new Set(sources(sourceDir).flatMap((text) => [...text.matchAll(/\bt\('([a-zA-Z][\w.-]*)'/g)].map((m) => m[1]!)));
    expect(used.size).toBeGreaterThan(80);
    const missing = [...used].filter((key) => !zh.has(key));
    expect(missing).toEqual([]);
  });

  it('has every key built from a contract value', () => {
    const missing = Object.entries(families).flatMap(([prefix, values]) =>
      Object.keys(values)
        .map((v) => `${prefix}.${v}`)
        .filter((key) => !zh.has(key) || !en.has(key)),
    );
    expect(missing).toEqual([]);
  });
});
