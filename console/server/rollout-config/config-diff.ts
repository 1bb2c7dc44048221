/**
 * Field-by-field difference between what a terminal runs and a prepared config, over the leaves
 * of the terminal's schema (an array is one leaf, as the merge replaces arrays whole). Both sides
 * are effective configs (defaults + override). Version and terminal id are not compared: the
 * rollout sets one and each terminal keeps the other.
 */
import { isDeepStrictEqual } from 'node:util';
import { MACHINE_LOCAL } from '../../../electron/core/config-bundle/bundle-applier.ts';
import { fieldAuthoritiesOf, type FieldAuthority } from '../../../electron/core/config/config-authority.ts';
import { terminalConfigSchema } from '../../../electron/core/config/config-schema.ts';
import type { ConfigFieldChange, TargetDiff } from '../../shared/api-types.ts';
import { NOT_IN_ROLLOUTS } from './config-form-schema.ts';
import { effectiveConfig } from './rollout-config-check.ts';

let leaves: FieldAuthority[] | undefined;
function schemaLeaves(): FieldAuthority[] {
  leaves ??= fieldAuthoritiesOf(terminalConfigSchema).filter((f) => !(NOT_IN_ROLLOUTS as readonly string[]).includes(f.path.split('.')[0] ?? ''));
  return leaves;
}

export function diffConfigs(running: Record<string, unknown>, prepared: Record<string, unknown>): ConfigFieldChange[] {
  return schemaLeaves().flatMap((field) => {
    const before = valueAt(running, field.path);
    const after = valueAt(prepared, field.path);
    if (isDeepStrictEqual(before, after)) return [];
    // Absent is not null (a nullable field set to null): an optional part set or removed says so.
    return [{ path: field.path, authority: field.authority, running: before ?? null, prepared: after ?? null, ...(before === undefined ? { runningNotSet: true as const } : {}), ...(after === undefined ? { preparedNotSet: true as const } : {}) }];
  });
}

/**
 * One diff per target: the config the console holds for the version the terminal last reported,
 * or `known: false` when the terminal reported none or a version this console never handed out
 * (set on site, by the CLI, or by another console): then nothing is claimed about its fields.
 */
export function targetDiffs(targets: { id: string; configVersion: string | null }[], held: ReadonlyMap<string, string>, preparedOverride: Record<string, unknown>): TargetDiff[] {
  const prepared = effectiveConfig(preparedOverride);
  // A fleet runs a handful of versions: one diff per version, shared by its terminals.
  const byVersion = new Map<string, ConfigFieldChange[]>();
  return targets.map(({ id, configVersion }) => {
    const json = configVersion === null ? undefined : held.get(configVersion);
    if (configVersion === null || json === undefined) return { terminalId: id, runningVersion: configVersion, known: false, changes: [] };
    let changes = byVersion.get(configVersion);
    if (!changes) {
      const running = effectiveConfig(JSON.parse(json) as Record<string, unknown>);
      changes = diffConfigs(running, withMachineLocal(prepared, running, preparedOverride));
      byVersion.set(configVersion, changes);
    }
    return { terminalId: id, runningVersion: configVersion, known: true, changes };
  });
}

/** What the terminal will run: the per-machine sections a bundle leaves out stay as they run (bundle-applier.ts). */
function withMachineLocal(prepared: Record<string, unknown>, running: Record<string, unknown>, override: Record<string, unknown>): Record<string, unknown> {
  const next = { ...prepared };
  for (const key of MACHINE_LOCAL) if (!Object.hasOwn(override, key)) next[key] = running[key];
  return next;
}

function valueAt(root: unknown, dotted: string): unknown {
  let current = root;
  for (const key of dotted.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
