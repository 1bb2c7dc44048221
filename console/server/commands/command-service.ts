/**
 * Fleet commands from the console: proposed by one person, approved by a second (two-person
 * rule), then signed with the console's key (electron/core/fleet/signed-command.ts, the one
 * scheme terminals verify) and published to each target terminal's command topic, or to the
 * broadcast topic for groups. Read-only requests (logs, a test receipt) need one person only.
 *
 * Publishing can fail (broker away): the command is then `unsent` with the reason, and can be
 * resent as the same signed bytes; a terminal that did get it refuses the repeat as replayed, so
 * a resend never runs a command twice.
 */
import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import { FLEET_COMMAND_NAMES, parseCommandBody, type FleetCommandName } from '../../../electron/core/fleet/fleet-commands.ts';
import { DEFAULT_COMMAND_LIFETIME_MS, signCommand, type SignedCommand } from '../../../electron/core/fleet/signed-command.ts';
import { fleetTopics } from '../../../electron/core/fleet/topics.ts';
import type { ConsoleAudit } from '../audit/console-audit.ts';
import { hasRole, type Role } from '../auth/roles.ts';
import { HttpError } from '../http/http-util.ts';
import type { CommandRow, CommandStore } from '../storage/command-store.ts';
import { errorMessage } from '../../../electron/core/util/error-message.ts';
import { resolveTargets, SITE_SELECTOR, type SiteTerminal } from '../rollout-config/site-groups.ts';

/** Who may propose and approve each command. Configuration changes are for publishers. */
export const COMMAND_ROLE: Record<FleetCommandName, Role> = {
  'reload-config': 'publisher',
  restart: 'operator',
  'out-of-service': 'operator',
  'back-in-service': 'operator',
  'request-logs': 'operator',
  'print-test-receipt': 'operator',
  'clear-staff-lockout': 'operator',
  'retry-held-items': 'operator',
  'send-monthly-report': 'operator',
};

/** Commands that change nothing on the terminal: one person is enough. */
export const SINGLE_PERSON: ReadonlySet<FleetCommandName> = new Set<FleetCommandName>(['request-logs', 'print-test-receipt', 'send-monthly-report']);

/** An unapproved proposal goes stale: the situation it was meant for has likely changed. */
export const PROPOSAL_TTL_MS = 24 * 3600_000;

const target = z.string().regex(/^(?:\*|[A-Za-z0-9_.-]{1,64})$/);
export const proposeBodySchema = z
  .object({
    name: z.enum(FLEET_COMMAND_NAMES as [FleetCommandName, ...FleetCommandName[]]),
    args: z.record(z.string(), z.unknown()).default({}),
    targets: z
      .object({
        terminals: z.array(target).min(1).max(10_000).optional(),
        /** Groups as terminals understand them (config `fleet.groups`; `*` = all): matched by each terminal. */
        groups: z.array(target).min(1).max(100).optional(),
        /** `region:…`, `hall:…`, `tag:…` as terminals report their site: resolved to terminal ids when proposed. */
        sites: z.array(z.string().regex(SITE_SELECTOR, 'must be region:…, hall:… or tag:…')).min(1).max(20).optional(),
      })
      .strict()
      .refine((t) => t.terminals !== undefined || t.groups !== undefined || t.sites !== undefined, 'name terminals, groups or sites'),
  })
  .strict();
export type ProposeBody = z.infer<typeof proposeBodySchema>;

export interface SigningKey {
  keyId: string;
  privateKey: KeyObject;
}

export interface CommandServiceOptions {
  store: CommandStore;
  audit: ConsoleAudit;
  signing: SigningKey | undefined;
  topicPrefix: string;
  publish: (topic: string, payload: string) => Promise<void>;
  now: () => Date;
  /** The registry's terminals with their reported site, for `sites` targets (none: sites are refused). */
  terminals?: () => Promise<SiteTerminal[]>;
}

export interface Actor {
  username: string;
  role: Role;
}

export class CommandService {
  constructor(readonly o: CommandServiceOptions) {}

  async propose(actor: Actor, body: ProposeBody): Promise<CommandRow> {
    const needed = COMMAND_ROLE[body.name];
    if (!hasRole(actor.role, needed)) throw new HttpError(403, 'forbidden', `${body.name} needs the ${needed} role`);
    const parsed = parseCommandBody({ name: body.name, args: body.args });
    if (!parsed.ok) throw new HttpError(400, 'invalid', parsed.detail);
    if (SINGLE_PERSON.has(body.name)) this.#requireKey();
    const targets = await this.#resolveSites(body.targets);
    const row = await this.o.store.propose({ name: body.name, argsJson: JSON.stringify(body.args), targetsJson: JSON.stringify(targets), proposedBy: actor.username, proposedAt: this.o.now().toISOString() });
    await this.o.audit.append(`user:${actor.username}`, 'command.proposed', { command: row.id, name: body.name, targets: body.targets });
    return SINGLE_PERSON.has(body.name) ? this.#signAndSend(row, actor) : row;
  }

  async approve(actor: Actor, id: number): Promise<CommandRow> {
    const row = await this.#proposal(id);
    const name = row.name as FleetCommandName;
    if (!hasRole(actor.role, COMMAND_ROLE[name])) throw new HttpError(403, 'forbidden', `${name} needs the ${COMMAND_ROLE[name]} role`);
    if (actor.username === row.proposed_by) throw new HttpError(409, 'two-person-rule', 'a second person must approve this command');
    if (this.o.now().getTime() - Date.parse(row.proposed_at) > PROPOSAL_TTL_MS) throw new HttpError(409, 'stale', 'proposed more than 24 hours ago; propose it again');
    this.#requireKey();
    return this.#signAndSend(row, actor);
  }

  async reject(actor: Actor, id: number): Promise<CommandRow> {
    const row = await this.#proposal(id);
    if (!(await this.o.store.decide(row.id, { state: 'rejected', by: actor.username, at: this.o.now().toISOString() }))) throw new HttpError(409, 'conflict', 'already decided');
    await this.o.audit.append(`user:${actor.username}`, 'command.rejected', { command: row.id, name: row.name });
    return (await this.o.store.get(row.id))!;
  }

  async resend(actor: Actor, id: number): Promise<CommandRow> {
    const row = await this.o.store.get(id);
    if (!row) throw new HttpError(404, 'not-found', `no command ${id}`);
    if (row.state !== 'unsent' || !row.signed_json) throw new HttpError(409, 'conflict', `command ${id} is ${row.state}`);
    if (!hasRole(actor.role, COMMAND_ROLE[row.name as FleetCommandName])) throw new HttpError(403, 'forbidden', 'not allowed');
    await this.o.audit.append(`user:${actor.username}`, 'command.resent', { command: row.id });
    await this.#send(row, row.signed_json);
    return (await this.o.store.get(row.id))!;
  }

  /**
   * A command already approved elsewhere under the two-person rule (a configuration rollout):
   * recorded with both people, signed and sent at once.
   */
  async issueApproved(c: { name: FleetCommandName; args: Record<string, unknown>; targets: SignedCommand['targets']; proposedBy: string; approvedBy: Actor }): Promise<CommandRow> {
    this.#requireKey();
    const parsed = parseCommandBody({ name: c.name, args: c.args });
    if (!parsed.ok) throw new HttpError(400, 'invalid', parsed.detail);
    const row = await this.o.store.propose({ name: c.name, argsJson: JSON.stringify(c.args), targetsJson: JSON.stringify(c.targets), proposedBy: c.proposedBy, proposedAt: this.o.now().toISOString() });
    return this.#signAndSend(row, c.approvedBy);
  }

  /** Sites become the terminal ids reporting them now, recorded with the proposal (what the approver sees). */
  async #resolveSites(targets: ProposeBody['targets']): Promise<SignedCommand['targets']> {
    const { sites, ...rest } = targets;
    if (!sites) return rest;
    if (!this.o.terminals) throw new HttpError(400, 'invalid-targets', 'this console cannot resolve sites');
    const resolved = resolveTargets(sites, await this.o.terminals());
    if (resolved.problems.length > 0) throw new HttpError(400, 'invalid-targets', resolved.problems.join('; '));
    const terminals = [...new Set([...(rest.terminals ?? []), ...resolved.ids])];
    return { ...rest, terminals };
  }

  async #proposal(id: number): Promise<CommandRow> {
    const row = await this.o.store.get(id);
    if (!row) throw new HttpError(404, 'not-found', `no command ${id}`);
    if (row.state !== 'proposed') throw new HttpError(409, 'conflict', `command ${id} is ${row.state}`);
    return row;
  }

  #requireKey(): SigningKey {
    if (!this.o.signing) throw new HttpError(503, 'no-signing-key', 'this console has no signing key (CONSOLE_SIGNING_KEY); commands cannot be sent');
    return this.o.signing;
  }

  async #signAndSend(row: CommandRow, approver: Actor): Promise<CommandRow> {
    const key = this.#requireKey();
    const issuedAt = this.o.now();
    let signed: SignedCommand;
    try {
      signed = signCommand({
        keyId: key.keyId,
        privateKey: key.privateKey,
        command: { name: row.name, args: JSON.parse(row.args_json) as Record<string, unknown> },
        targets: JSON.parse(row.targets_json) as SignedCommand['targets'],
        issuedAt,
        expiresAt: new Date(issuedAt.getTime() + DEFAULT_COMMAND_LIFETIME_MS),
      });
    } catch (error) {
      throw new HttpError(400, 'invalid', errorMessage(error));
    }
    const signedJson = JSON.stringify(signed);
    const decided = await this.o.store.decide(row.id, { state: 'signed', by: approver.username, at: issuedAt.toISOString(), nonce: signed.nonce, signedJson, expiresAt: signed.expiresAt });
    if (!decided) throw new HttpError(409, 'conflict', 'already decided');
    await this.o.audit.append(`user:${approver.username}`, 'command.signed', { command: row.id, name: row.name, nonce: signed.nonce, keyId: key.keyId, proposedBy: row.proposed_by });
    await this.#send(row, signedJson);
    return (await this.o.store.get(row.id))!;
  }

  async #send(row: CommandRow, signedJson: string): Promise<void> {
    const targets = JSON.parse(row.targets_json) as SignedCommand['targets'];
    const topics = [...(targets.terminals ?? []).map((id) => fleetTopics(this.o.topicPrefix, id).commands)];
    if (targets.groups) topics.push(`${this.o.topicPrefix}/broadcast/commands`);
    const failures: string[] = [];
    for (const topic of topics) {
      await this.o.publish(topic, signedJson).catch((error: unknown) => failures.push(`${topic}: ${errorMessage(error)}`));
    }
    await this.o.store.recordSend(row.id, failures.length > 0 ? failures.slice(0, 5).join('; ') : null);
  }
}
