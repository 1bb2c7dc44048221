/**
 * Configuration rollout: a publisher proposes a config (override over the shipped defaults) with
 * a version, canary terminals and the rest; a second publisher approves. The console then signs a
 * config bundle (sign-bundle.ts, the terminals' own format) and sends it with `reload-config` to
 * the canaries. The rollout moves on to the rest only when every canary acknowledged `done`,
 * reports the new config version in its heartbeat, stayed online and raised no alert for the
 * whole wait; any failure, refusal, disconnection, alert or a canary that does not confirm in
 * time halts it automatically. Rollback re-issues the last completed rollout's config (or the
 * shipped defaults) under a new, higher version — terminals only take newer bundles.
 *
 * Rollback needs one publisher: it returns to a configuration two people already approved, and
 * it is what one does at 3 a.m. when halls go dark.
 */
import { z } from 'zod';
import { publicKeyOfPrivate } from '../../../electron/core/config-bundle/ed25519-keys.ts';
import { signBundle } from '../../../electron/core/config-bundle/sign-bundle.ts';
import { verifyBundle } from '../../../electron/core/config-bundle/verify-bundle.ts';
import { compareSemver, isSemver } from '../../../electron/core/config-bundle/semver.ts';
import type { ConsoleAudit } from '../audit/console-audit.ts';
import { hasRole } from '../auth/roles.ts';
import { HttpError } from '../http/http-util.ts';
import type { CommandStore } from '../storage/command-store.ts';
import type { FleetStore } from '../storage/fleet-store.ts';
import type { RolloutRow, RolloutStore } from '../storage/rollout-store.ts';
import type { Actor, CommandService, SigningKey } from './command-service.ts';
import { errorMessage } from '../../../electron/core/util/error-message.ts';
import type { RolloutPreview, TargetDiff } from '../../shared/api-types.ts';
import { targetDiffs } from '../rollout-config/config-diff.ts';
import { checkRolloutConfig, effectiveConfig } from '../rollout-config/rollout-config-check.ts';
import { resolveTargets, ROLLOUT_SELECTOR, type SiteTerminal } from '../rollout-config/site-groups.ts';

/** A terminal id, or a group of them by site: `region:…`, `hall:…`, `tag:…` (site-groups.ts). */
const target = z.string().refine((t) => /^[A-Za-z0-9_-]{1,64}$/.test(t) || ROLLOUT_SELECTOR.test(t), 'must be a terminal id or region:…, hall:…, tag:…, group:…');
export const rolloutBodySchema = z
  .object({
    version: z.string().refine(isSemver, 'must look like 1.2.3'),
    config: z.record(z.string(), z.unknown()),
    note: z.string().max(500).optional(),
    canary: z.array(target).min(1).max(100),
    rest: z.array(target).max(10_000).default([]),
    canaryWaitMinutes: z.number().int().min(0).max(24 * 60).default(10),
    canaryTimeoutMinutes: z.number().int().min(1).max(24 * 60).default(30),
  })
  .strict()
  .refine((b) => !b.canary.some((id) => b.rest.includes(id)), 'a terminal is either a canary or in the rest');
export type RolloutBody = z.infer<typeof rolloutBodySchema>;

/** A bundle signed offline (kiosk-staff sign) and uploaded: its payload gives version, config and note. */
export const signedRolloutBodySchema = z
  .object({
    bundle: z.record(z.string(), z.unknown()),
    canary: z.array(target).min(1).max(100),
    rest: z.array(target).max(10_000).default([]),
    canaryWaitMinutes: z.number().int().min(0).max(24 * 60).default(10),
    canaryTimeoutMinutes: z.number().int().min(1).max(24 * 60).default(30),
  })
  .strict();
export type SignedRolloutBody = z.infer<typeof signedRolloutBodySchema>;

export const previewBodySchema = z
  .object({ config: z.record(z.string(), z.unknown()), canary: z.array(target).max(100).default([]), rest: z.array(target).max(10_000).default([]) })
  .strict();
export type PreviewBody = z.infer<typeof previewBodySchema>;

export interface RolloutServiceOptions {
  rollouts: RolloutStore;
  commands: CommandService;
  commandStore: CommandStore;
  fleet: FleetStore;
  audit: ConsoleAudit;
  signing: SigningKey | undefined;
  /** Offline bundle signers whose uploaded bundles are accepted (besides the console's own key). */
  bundleKeys?: readonly { id: string; key: string }[];
  now: () => Date;
}

export function nextPatch(version: string): string {
  const match = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!match) throw new Error(`not a version: ${version}`);
  return `${match[1]}.${match[2]}.${BigInt(match[3] ?? '0') + 1n}`;
}

export class RolloutService {
  constructor(readonly o: RolloutServiceOptions) {}

  async propose(actor: Actor, body: RolloutBody, signed?: { bundleJson: string; keyId: string; terminals?: string[] }): Promise<RolloutRow> {
    if (!hasRole(actor.role, 'publisher')) throw new HttpError(403, 'forbidden', 'needs the publisher role');
    const check = checkRolloutConfig(body.config);
    if (!check.ok) throw new HttpError(400, 'invalid-config', `the terminals would refuse this config: ${check.issues.map((i) => `${i.path || '(config)'}: ${i.message}`).join('; ')}`, undefined, check.issues);
    const newest = (await this.o.rollouts.versions()).sort(compareSemver).at(-1);
    if (newest && compareSemver(body.version, newest) <= 0) throw new HttpError(409, 'version', `version must be newer than ${newest}`);
    const targets = await this.#resolve(body.canary, body.rest);
    if (targets.problems.length > 0) throw new HttpError(400, 'invalid-targets', targets.problems.join('; '));
    if (targets.canary.length === 0) throw new HttpError(400, 'invalid-targets', 'name at least one canary terminal');
    if (signed && signed.terminals) {
      const outside = [...targets.canary, ...targets.rest].filter((id) => !signed.terminals?.includes(id));
      if (outside.length > 0) throw new HttpError(400, 'invalid-targets', `the bundle is signed for other terminals; these would refuse it: ${outside.slice(0, 10).join(', ')}`);
    }
    const row = await this.o.rollouts.propose({
      ...(signed ? { bundleJson: signed.bundleJson } : {}),
      version: body.version,
      configJson: JSON.stringify(body.config),
      note: body.note ?? null,
      canary: targets.canary,
      rest: targets.rest,
      ...(targets.groups ? { targetGroups: targets.groups } : {}),
      waitMinutes: body.canaryWaitMinutes,
      timeoutMinutes: body.canaryTimeoutMinutes,
      by: actor.username,
      at: this.o.now().toISOString(),
    });
    if (!row) throw new HttpError(409, 'version', `version ${body.version} was already used`);
    await this.o.audit.append(`user:${actor.username}`, 'rollout.proposed', {
      rollout: row.id,
      version: body.version,
      canary: targets.canary.length,
      rest: targets.rest.length,
      ...(targets.groups ? { groups: targets.groups } : {}),
      ...(signed ? { signedOffline: signed.keyId } : {}),
    });
    return row;
  }

  /**
   * A bundle signed offline with `kiosk-staff sign` (the key never on this server): checked here as
   * a terminal would (a known signer, the signature, the payload, the terminal schema), proposed
   * like any rollout, and after the second publisher's approval sent as the very bytes uploaded.
   * The console's key then signs only the reload-config commands that carry it.
   */
  async proposeSigned(actor: Actor, body: SignedRolloutBody): Promise<RolloutRow> {
    if (!hasRole(actor.role, 'publisher')) throw new HttpError(403, 'forbidden', 'needs the publisher role');
    const trustedKeys = [...(this.o.bundleKeys ?? []), ...(this.o.signing ? [{ id: this.o.signing.keyId, key: publicKeyOfPrivate(this.o.signing.privateKey) }] : [])];
    const verified = verifyBundle(body.bundle, { trustedKeys });
    if (!verified.ok) throw new HttpError(400, `bundle-${verified.reason}`, `the bundle is refused (${verified.reason}): ${verified.detail}`);
    const { payload } = verified;
    return this.propose(
      actor,
      { version: payload.version, config: payload.config, ...(payload.note ? { note: payload.note } : {}), canary: body.canary, rest: body.rest, canaryWaitMinutes: body.canaryWaitMinutes, canaryTimeoutMinutes: body.canaryTimeoutMinutes },
      { bundleJson: JSON.stringify(body.bundle), keyId: verified.keyId, ...(payload.terminals ? { terminals: payload.terminals } : {}) },
    );
  }

  /** The form's check before proposing: the config's problems, the targets resolved, and each target's diff. */
  async preview(body: PreviewBody): Promise<RolloutPreview> {
    const check = checkRolloutConfig(body.config);
    const targets = await this.#resolve(body.canary, body.rest);
    return { issues: check.ok ? [] : check.issues, canary: targets.canary, rest: targets.rest, groupProblems: targets.problems, unplaced: targets.unplaced, targets: check.ok ? await this.#diffs([...targets.canary, ...targets.rest], body.config) : [] };
  }

  /** A rollout's config against what each of its terminals runs now (for the approver, and after). */
  async diff(id: number): Promise<TargetDiff[]> {
    const row = await this.#get(id);
    return this.#diffs([...parse(row.canary_json), ...parse(row.rest_json)], JSON.parse(row.config_json) as Record<string, unknown>);
  }

  async #diffs(ids: string[], config: Record<string, unknown>): Promise<TargetDiff[]> {
    // One query for the fleet, not one per target: a rollout's rest may be thousands of terminals.
    const reported = new Map((await this.o.fleet.listTerminals()).map((t) => [t.id, t.config_version]));
    const terminals = ids.map((id) => ({ id, configVersion: reported.get(id) ?? null }));
    const versions = [...new Set(terminals.flatMap((t) => (t.configVersion ? [t.configVersion] : [])))];
    return targetDiffs(terminals, await this.o.rollouts.bundlesFor(versions), config);
  }

  /** Canaries first; the rest never repeats a canary (a group for the rest may include them). */
  async #resolve(canaryEntries: string[], restEntries: string[]) {
    const entries = [...canaryEntries, ...restEntries];
    const rows = entries.some((e) => ROLLOUT_SELECTOR.test(e)) ? await this.o.fleet.listTerminals() : [];
    const terminals: SiteTerminal[] = rows.map((r) => ({ id: r.id, region: r.region, hall: r.hall, tags: r.tags }));
    if (entries.some((e) => e.startsWith('group:'))) {
      // A terminal's fleet.groups are known only from a config this console handed out.
      const held = await this.o.rollouts.bundlesFor([...new Set(rows.flatMap((r) => (r.config_version ? [r.config_version] : [])))]);
      rows.forEach((r, i) => {
        const json = r.config_version === null ? undefined : held.get(r.config_version);
        const t = terminals[i];
        if (t) t.fleetGroups = json === undefined ? null : fleetGroupsOf(effectiveConfig(JSON.parse(json) as Record<string, unknown>));
      });
    }
    const canary = resolveTargets(canaryEntries, terminals);
    const rest = resolveTargets(restEntries, terminals);
    const groups = canary.groups.length + rest.groups.length > 0 ? { canary: canary.groups, rest: rest.groups } : undefined;
    return {
      canary: canary.ids,
      rest: rest.ids.filter((id) => !canary.ids.includes(id)),
      groups,
      problems: [...canary.problems, ...rest.problems],
      unplaced: [...new Set([...canary.unplaced, ...rest.unplaced])],
    };
  }

  async approve(actor: Actor, id: number): Promise<RolloutRow> {
    if (!hasRole(actor.role, 'publisher')) throw new HttpError(403, 'forbidden', 'needs the publisher role');
    const row = await this.#get(id);
    if (row.state !== 'proposed') throw new HttpError(409, 'conflict', `rollout ${id} is ${row.state}`);
    if (row.proposed_by === actor.username) throw new HttpError(409, 'two-person-rule', 'a second publisher must approve this rollout');
    // Signed before the state moves: a config the signer refuses leaves the proposal as it was.
    const bundle = row.bundle_json ? (JSON.parse(row.bundle_json) as Record<string, unknown>) : this.#bundle(row.version, JSON.parse(row.config_json) as Record<string, unknown>, [...parse(row.canary_json), ...parse(row.rest_json)], row.note);
    const at = this.o.now().toISOString();
    if (!(await this.o.rollouts.transition(id, ['proposed'], { state: 'canary', approved_by: actor.username, approved_at: at, updated_at: at }))) throw new HttpError(409, 'conflict', 'already decided');
    await this.o.rollouts.recordBundle({ version: row.version, configJson: row.config_json, source: 'rollout', rolloutId: id, at });
    const command = await this.o.commands.issueApproved({ name: 'reload-config', args: { bundle }, targets: { terminals: parse(row.canary_json) }, proposedBy: row.proposed_by, approvedBy: actor });
    await this.o.rollouts.transition(id, ['canary'], { canary_command_id: command.id });
    await this.o.audit.append(`user:${actor.username}`, 'rollout.approved', { rollout: id, version: row.version, command: command.id });
    return this.#get(id);
  }

  async reject(actor: Actor, id: number): Promise<RolloutRow> {
    if (!hasRole(actor.role, 'publisher')) throw new HttpError(403, 'forbidden', 'needs the publisher role');
    const at = this.o.now().toISOString();
    if (!(await this.o.rollouts.transition(id, ['proposed'], { state: 'rejected', approved_by: actor.username, approved_at: at, updated_at: at }))) throw new HttpError(409, 'conflict', `rollout ${id} is not awaiting approval`);
    await this.o.audit.append(`user:${actor.username}`, 'rollout.rejected', { rollout: id });
    return this.#get(id);
  }

  async rollback(actor: Actor, id: number): Promise<RolloutRow> {
    if (!hasRole(actor.role, 'publisher')) throw new HttpError(403, 'forbidden', 'needs the publisher role');
    const row = await this.#get(id);
    if (!['canary', 'rest', 'done', 'halted'].includes(row.state)) throw new HttpError(409, 'conflict', `rollout ${id} is ${row.state}: nothing to roll back`);
    const previous = await this.o.rollouts.lastDoneBefore(id);
    const newest = (await this.o.rollouts.versions()).sort(compareSemver).at(-1) ?? row.version;
    const version = nextPatch(newest);
    const reached = [...parse(row.canary_json), ...(row.rest_command_id !== null ? parse(row.rest_json) : [])];
    const config = previous ? (JSON.parse(previous.config_json) as Record<string, unknown>) : {};
    const bundle = this.#bundle(version, config, reached, `rollback of ${row.version}${previous ? ` to the config of ${previous.version}` : ' to the shipped defaults'}`);
    const at = this.o.now().toISOString();
    if (!(await this.o.rollouts.transition(id, [row.state], { state: 'rolled-back', rollback_version: version, updated_at: at }))) throw new HttpError(409, 'conflict', 'the rollout changed meanwhile; try again');
    await this.o.rollouts.recordBundle({ version, configJson: JSON.stringify(config), source: 'rollback', rolloutId: id, at });
    const command = await this.o.commands.issueApproved({ name: 'reload-config', args: { bundle }, targets: { terminals: reached }, proposedBy: actor.username, approvedBy: actor });
    await this.o.rollouts.transition(id, ['rolled-back'], { rollback_command_id: command.id });
    await this.o.audit.append(`user:${actor.username}`, 'rollout.rolled-back', { rollout: id, from: row.version, version, to: previous?.version ?? 'defaults', terminals: reached.length });
    return this.#get(id);
  }

  /** Moves in-flight rollouts on, or halts them. Called on the alert engine's timer. */
  async tick(): Promise<void> {
    for (const row of await this.o.rollouts.inFlight()) {
      const stage = row.state === 'canary' ? { ids: parse(row.canary_json), commandId: row.canary_command_id } : { ids: parse(row.rest_json), commandId: row.rest_command_id };
      if (stage.commandId === null) continue;
      const verdict = await this.#judge(row, stage.ids, stage.commandId);
      const at = this.o.now().toISOString();
      if (verdict.halt) {
        if (await this.o.rollouts.transition(row.id, [row.state], { state: 'halted', halt_reason: verdict.halt, updated_at: at })) {
          await this.o.audit.append('system', 'rollout.halted', { rollout: row.id, version: row.version, reason: verdict.halt });
        }
        continue;
      }
      if (!verdict.confirmed) continue;
      if (row.state === 'rest' || parse(row.rest_json).length === 0) {
        if (await this.o.rollouts.transition(row.id, [row.state], { state: 'done', updated_at: at })) await this.o.audit.append('system', 'rollout.done', { rollout: row.id, version: row.version });
        continue;
      }
      const waited = this.o.now().getTime() - Date.parse(row.approved_at ?? at) >= row.canary_wait_minutes * 60_000;
      if (!waited || !(await this.o.rollouts.transition(row.id, ['canary'], { state: 'rest', updated_at: at }))) continue;
      const command = await this.o.commands.issueApproved({
        name: 'reload-config',
        args: JSON.parse((await this.o.commandStore.get(stage.commandId))?.args_json ?? '{}') as Record<string, unknown>,
        targets: { terminals: parse(row.rest_json) },
        proposedBy: row.proposed_by,
        approvedBy: { username: row.approved_by ?? 'system', role: 'publisher' },
      });
      await this.o.rollouts.transition(row.id, ['rest'], { rest_command_id: command.id });
      await this.o.audit.append('system', 'rollout.canary-passed', { rollout: row.id, version: row.version, command: command.id });
    }
  }

  async #judge(row: RolloutRow, ids: string[], commandId: number): Promise<{ halt?: string; confirmed: boolean }> {
    const command = await this.o.commandStore.get(commandId);
    if (!command?.nonce) return { confirmed: false };
    if (command.state === 'unsent') return { halt: `could not send the bundle: ${command.send_error ?? 'unknown'}`, confirmed: false };
    const acks = await this.o.commandStore.acksFor([command.nonce]);
    const since = command.decided_at ?? row.approved_at ?? '';
    const alerts = (await this.o.fleet.activeAlerts()).filter((a) => ids.includes(a.terminal_id) && a.opened_at >= since);
    let confirmed = true;
    for (const id of ids) {
      const mine = acks.filter((a) => a.terminal_id === id);
      const bad = mine.find((a) => a.status === 'failed' || a.status === 'rejected');
      if (bad) return { halt: `${id} ${bad.status}: ${bad.detail ?? ''}`.trim(), confirmed: false };
      const terminal = await this.o.fleet.getTerminal(id);
      if (terminal && terminal.online === 0 && (terminal.status_at ?? '') >= since) return { halt: `${id} went offline`, confirmed: false };
      const alert = alerts.find((a) => a.terminal_id === id);
      if (alert) return { halt: `${id} raised an alert: ${alert.rule}`, confirmed: false };
      if (!mine.some((a) => a.status === 'done') || terminal?.config_version !== row.version) confirmed = false;
    }
    if (!confirmed && row.state === 'canary' && this.o.now().getTime() - Date.parse(since) > row.canary_timeout_minutes * 60_000) {
      return { halt: `the canaries did not confirm version ${row.version} within ${row.canary_timeout_minutes} min`, confirmed: false };
    }
    return { confirmed };
  }

  #bundle(version: string, config: Record<string, unknown>, terminals: string[], note: string | null) {
    const key = this.o.signing;
    if (!key) throw new HttpError(503, 'no-signing-key', 'this console has no signing key (CONSOLE_SIGNING_KEY)');
    try {
      return signBundle({ keyId: key.keyId, privateKey: key.privateKey, payload: { version, issuedAt: this.o.now().toISOString(), terminals, config, ...(note ? { note } : {}) } });
    } catch (error) {
      throw new HttpError(400, 'invalid', errorMessage(error));
    }
  }

  async #get(id: number): Promise<RolloutRow> {
    const row = await this.o.rollouts.get(id);
    if (!row) throw new HttpError(404, 'not-found', `no rollout ${id}`);
    return row;
  }
}

function parse(json: string): string[] {
  return JSON.parse(json) as string[];
}

function fleetGroupsOf(config: Record<string, unknown>): string[] {
  const groups = (config.fleet as { groups?: unknown } | undefined)?.groups;
  return Array.isArray(groups) ? groups.filter((g): g is string => typeof g === 'string') : [];
}
