/**
 * Server-side validation of a prepared rollout config with the terminal's real zod schema: the
 * override is merged over the shipped defaults exactly as a terminal merges a bundle
 * (deep-merge.ts), with a stand-in version and terminal id, and every problem is returned with its
 * field path so the form can show it beside the field. Nothing is signed or sent for a config with
 * a problem.
 */
import { terminalConfigSchema, type TerminalConfig } from '../../../electron/core/config/config-schema.ts';
import { deepMerge, isPlainObject } from '../../../electron/core/config/deep-merge.ts';
import { findForbiddenKey } from '../../../electron/core/config/forbidden-keys.ts';
import type { ConfigIssue } from '../../shared/api-types.ts';
import { shippedDefaults } from './config-form-schema.ts';

/** Stands in for each target's own id while checking: the terminal keeps its id (bundle-applier.ts). */
const STAND_IN = { version: '0.0.0', terminalId: 'XX-0000' } as const;

export type RolloutConfigCheck = { ok: true; config: TerminalConfig } | { ok: false; issues: ConfigIssue[] };

export function checkRolloutConfig(override: unknown): RolloutConfigCheck {
  if (!isPlainObject(override)) return { ok: false, issues: [{ path: '', message: 'must be a JSON object' }] };
  const forbidden = findForbiddenKey(override);
  if (forbidden !== undefined) return { ok: false, issues: [{ path: forbidden, message: 'a key named like this is not allowed' }] };
  const issues: ConfigIssue[] = [];
  if (Object.hasOwn(override, 'version')) issues.push({ path: 'version', message: "is set from the rollout's version" });
  if (Object.hasOwn(override, 'terminalId')) issues.push({ path: 'terminalId', message: 'each terminal keeps its own id; a bundle for several terminals must not name one' });
  const payments = override.payments;
  if (isPlainObject(payments) && Object.hasOwn(payments, 'notifyTag')) {
    issues.push({ path: 'payments.notifyTag', message: "each terminal has its own tag (the console derives it from the terminal's id); the terminal keeps it across bundles" });
  }
  if (issues.length > 0) return { ok: false, issues };
  const parsed = terminalConfigSchema.safeParse(deepMerge(shippedDefaults(), { ...override, ...STAND_IN }));
  if (!parsed.success) return { ok: false, issues: parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })) };
  return { ok: true, config: parsed.data };
}

/** What a terminal runs for a config override the console handed out: defaults + override, as the terminal merges it. */
export function effectiveConfig(override: Record<string, unknown>): Record<string, unknown> {
  return deepMerge(shippedDefaults(), override);
}
