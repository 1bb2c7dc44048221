/**
 * Signed fleet commands: the one format every fleet command travels in, signed by the fleet
 * console or the staff CLI and verified by the terminal before anything in it is trusted.
 *
 *   { "format": "bianmin-fleet-command/1",
 *     "keyId": "fleet-2025",
 *     "issuedAt": "2026-12-04T20:00:00.000Z", "expiresAt": "2026-12-04T21:00:00.000Z",
 *     "nonce": "<16–64 base64url characters, unique per command>",
 *     "targets": { "terminals": ["KM-0001"], "groups": ["kunming-hall-3"] },
 *     "command": { "name": "out-of-service", "args": { "message": { "zh-CN": "…", "en-US": "…" } } },
 *     "signature": "<base64url Ed25519>" }
 *
 * The signature covers `bianmin-fleet-command/1\n` followed by the canonical JSON
 * (canonical-json.ts) of every field but `signature`: the same domain-separated Ed25519 scheme
 * and the same pinned keys (config `publicKeys`, ed25519-keys.ts) as configuration bundles, so a
 * bundle signature can never pass as a command or the other way round. The canonical form means a
 * console may parse and re-serialise a command without breaking it.
 *
 * A terminal accepts a command when all hold, checked in this order (the first failure is the
 * refusal reason): well-formed (`malformed`), signed at all (`unsigned`), a pinned key with that
 * id (`unknown-key`), the signature verifies (`bad-signature`), issued no later than now plus a
 * small clock skew (`not-yet-valid`), not past its expiry (`expired`), aimed at this terminal by id
 * or by one of its groups (`not-for-this-terminal`; the group `*` is every terminal), its nonce
 * not seen before (`replayed`), and a command name and arguments this terminal knows
 * (`unknown-command`). Expiry is mandatory and at most MAX_COMMAND_LIFETIME_MS after issue, which
 * bounds how long a terminal must remember nonces (nonce-ledger.ts).
 *
 * API kept stable for the fleet console: `signCommand`, `verifyCommand`, the types below and
 * COMMAND_FORMAT. `verifyCommand` only reads the nonce ledger; the caller records a nonce
 * (NonceLedger.record) once it has decided to act, before it acts.
 */
import { randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { publicKeyFromRaw } from '../config-bundle/ed25519-keys.ts';
import { canonicalJson } from './canonical-json.ts';
import { parseCommandBody, type FleetCommandBody } from './fleet-commands.ts';

export const COMMAND_FORMAT = 'bianmin-fleet-command/1';
/** A command may carry a config bundle (at most 256 KiB); anything much bigger is not a command. */
export const MAX_COMMAND_BYTES = 320 * 1024;
/** Longest allowed time between issue and expiry: also how long a nonce must be remembered. */
export const MAX_COMMAND_LIFETIME_MS = 7 * 24 * 3600 * 1000;
/** Default lifetime for commands signed without an explicit expiry. */
export const DEFAULT_COMMAND_LIFETIME_MS = 3600 * 1000;
/** How far a signer's clock may run ahead of the terminal's. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;
/** The group every terminal belongs to: a command for the whole fleet. */
export const ALL_TERMINALS_GROUP = '*';

const KEY_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const NONCE = /^[A-Za-z0-9_-]{16,64}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const TARGET = /^(?:\*|[A-Za-z0-9_.-]{1,64})$/;

export interface CommandTargets {
  terminals?: string[];
  groups?: string[];
}

/** Everything the signature covers. */
export interface UnsignedCommand {
  format: typeof COMMAND_FORMAT;
  keyId: string;
  issuedAt: string;
  expiresAt: string;
  nonce: string;
  targets: CommandTargets;
  command: { name: string; args?: Record<string, unknown> };
}

export interface SignedCommand extends UnsignedCommand {
  signature: string;
}

export type CommandRefusalReason =
  | 'malformed'
  | 'unsigned'
  | 'unknown-key'
  | 'bad-signature'
  | 'not-yet-valid'
  | 'expired'
  | 'not-for-this-terminal'
  | 'replayed'
  | 'unknown-command';

export const COMMAND_REFUSAL_REASONS: readonly CommandRefusalReason[] = [
  'malformed',
  'unsigned',
  'unknown-key',
  'bad-signature',
  'not-yet-valid',
  'expired',
  'not-for-this-terminal',
  'replayed',
  'unknown-command',
];

export interface CommandRefusal {
  reason: CommandRefusalReason;
  detail: string;
  /** True once the signature verified: only then do nonce and name come from the fleet. */
  authenticated: boolean;
  keyId?: string;
  nonce?: string;
  name?: string;
}

/** A command that passed every check. */
export interface VerifiedCommand {
  keyId: string;
  nonce: string;
  issuedAt: string;
  expiresAt: string;
  targets: CommandTargets;
  body: FleetCommandBody;
}

export type VerifyCommandResult = { ok: true; command: VerifiedCommand } | { ok: false; refusal: CommandRefusal };

/** What verifyCommand needs of a nonce memory (NonceLedger satisfies it). */
export interface NonceCheck {
  /** True when this nonce was used before, or may have been (issued before what is remembered). */
  seen(nonce: string, issuedAtMs: number): boolean;
}

export interface VerifyCommandContext {
  trustedKeys: ReadonlyArray<{ id: string; key: string }>;
  terminalId: string;
  /** The groups this terminal belongs to (besides `*`). */
  groups?: readonly string[];
  now: Date;
  nonces?: NonceCheck;
}

export interface SignCommandInput {
  keyId: string;
  privateKey: KeyObject;
  command: { name: string; args?: Record<string, unknown> };
  targets: CommandTargets;
  /** Default now. */
  issuedAt?: Date;
  /** Default issuedAt + DEFAULT_COMMAND_LIFETIME_MS. */
  expiresAt?: Date;
  /** Default 16 random bytes; give one only to reproduce a command in a test. */
  nonce?: string;
}

const envelopeSchema = z
  .object({
    format: z.literal(COMMAND_FORMAT),
    keyId: z.string().regex(KEY_ID, 'letters, digits, ".", "_" or "-", at most 64'),
    issuedAt: z.iso.datetime({ offset: true }),
    expiresAt: z.iso.datetime({ offset: true }),
    nonce: z.string().regex(NONCE, '16 to 64 base64url characters'),
    targets: z
      .object({
        terminals: z.array(z.string().regex(TARGET, 'not a terminal id')).min(1).max(10_000).optional(),
        groups: z.array(z.string().regex(TARGET, 'not a group name')).min(1).max(100).optional(),
      })
      .strict()
      .refine((t) => t.terminals !== undefined || t.groups !== undefined, 'must name terminals or groups'),
    command: z.object({ name: z.string().min(1).max(64), args: z.record(z.string(), z.unknown()).optional() }).strict(),
    signature: z.string().regex(BASE64URL, 'must be base64url'),
  })
  .strict();

/** The exact bytes signed: domain prefix + canonical JSON of everything but the signature. */
export function commandSigningBytes(unsigned: UnsignedCommand | Record<string, unknown>): Buffer {
  const { signature: _signature, ...rest } = unsigned as Record<string, unknown>;
  return Buffer.from(`${COMMAND_FORMAT}\n${canonicalJson(rest)}`, 'utf8');
}

/**
 * Signs a command. Throws (with the field named) on a command the terminal would refuse as
 * malformed or unknown: better at the signing desk than as a refusal event from the hall.
 */
export function signCommand(input: SignCommandInput): SignedCommand {
  const issuedAt = input.issuedAt ?? new Date();
  const expiresAt = input.expiresAt ?? new Date(issuedAt.getTime() + DEFAULT_COMMAND_LIFETIME_MS);
  const unsigned: UnsignedCommand = {
    format: COMMAND_FORMAT,
    keyId: input.keyId,
    issuedAt: issuedAt.toISOString(),
    expiresAt: expiresAt.toISOString(),
    nonce: input.nonce ?? randomBytes(16).toString('base64url'),
    targets: input.targets,
    command: { name: input.command.name, args: input.command.args ?? {} },
  };
  const shape = envelopeSchema.safeParse({ ...unsigned, signature: 'x' });
  if (!shape.success) throw new Error(`cannot sign: ${describeIssue(shape.error)}`);
  const lifetime = lifetimeProblem(Date.parse(unsigned.issuedAt), Date.parse(unsigned.expiresAt));
  if (lifetime) throw new Error(`cannot sign: ${lifetime}`);
  const body = parseCommandBody(unsigned.command);
  if (!body.ok) throw new Error(`cannot sign: ${body.detail}`);
  const signature = sign(null, commandSigningBytes(unsigned), input.privateKey).toString('base64url');
  return { ...unsigned, signature };
}

/** Checks a command as received (JSON text, bytes or parsed value); never throws. */
export function verifyCommand(input: string | Buffer | unknown, context: VerifyCommandContext): VerifyCommandResult {
  const refuse = (reason: CommandRefusalReason, detail: string, extra: Partial<CommandRefusal> = {}): VerifyCommandResult => ({
    ok: false,
    refusal: { reason, detail, authenticated: false, ...extra },
  });

  let raw: unknown = input;
  if (typeof input === 'string' || Buffer.isBuffer(input)) {
    const size = typeof input === 'string' ? Buffer.byteLength(input) : input.length;
    if (size > MAX_COMMAND_BYTES) return refuse('malformed', `command is ${size} bytes; at most ${MAX_COMMAND_BYTES} allowed`);
    try {
      raw = JSON.parse(input.toString());
    } catch {
      return refuse('malformed', 'not JSON');
    }
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return refuse('malformed', 'not a JSON object');
  const record = raw as Record<string, unknown>;
  if (record.signature === undefined || record.signature === '' || record.keyId === undefined) {
    return refuse('unsigned', 'commands must be signed (keyId and signature)');
  }
  const parsed = envelopeSchema.safeParse(raw);
  if (!parsed.success) return refuse('malformed', describeIssue(parsed.error));
  const envelope = parsed.data;
  const claimed = { keyId: envelope.keyId };

  const trusted = context.trustedKeys.find((k) => k.id === envelope.keyId);
  if (!trusted) return refuse('unknown-key', `key "${envelope.keyId}" is not among this terminal's publicKeys`, claimed);
  if (!signatureValid(record, envelope.signature, trusted.key)) {
    return refuse('bad-signature', `signature does not verify with key "${envelope.keyId}"`, claimed);
  }

  const known = { authenticated: true, keyId: envelope.keyId, nonce: envelope.nonce, name: envelope.command.name };
  const issuedMs = Date.parse(envelope.issuedAt);
  const expiresMs = Date.parse(envelope.expiresAt);
  const now = context.now.getTime();
  const lifetime = lifetimeProblem(issuedMs, expiresMs);
  if (lifetime) return refuse('malformed', lifetime, known);
  if (issuedMs > now + CLOCK_SKEW_MS) return refuse('not-yet-valid', `issued at ${envelope.issuedAt}, ahead of this terminal's clock`, known);
  if (expiresMs <= now) return refuse('expired', `expired at ${envelope.expiresAt}`, known);
  if (!targetsThisTerminal(envelope.targets, context)) {
    return refuse('not-for-this-terminal', `targets ${describeTargets(envelope.targets)}, not ${context.terminalId}`, known);
  }
  if (context.nonces?.seen(envelope.nonce, issuedMs)) return refuse('replayed', `nonce ${envelope.nonce} was already used`, known);
  const body = parseCommandBody(envelope.command);
  if (!body.ok) return refuse('unknown-command', body.detail, known);

  return {
    ok: true,
    command: {
      keyId: envelope.keyId,
      nonce: envelope.nonce,
      issuedAt: envelope.issuedAt,
      expiresAt: envelope.expiresAt,
      targets: envelope.targets,
      body: body.body,
    },
  };
}

function lifetimeProblem(issuedMs: number, expiresMs: number): string | undefined {
  if (expiresMs <= issuedMs) return 'expiresAt must be after issuedAt';
  if (expiresMs - issuedMs > MAX_COMMAND_LIFETIME_MS) return `a command may live at most ${MAX_COMMAND_LIFETIME_MS / 3600_000} hours`;
  return undefined;
}

function targetsThisTerminal(targets: CommandTargets, context: VerifyCommandContext): boolean {
  if (targets.terminals?.includes(context.terminalId)) return true;
  const groups = new Set([ALL_TERMINALS_GROUP, ...(context.groups ?? [])]);
  return targets.groups?.some((g) => groups.has(g)) ?? false;
}

function describeTargets(targets: CommandTargets): string {
  const parts = [...(targets.terminals ?? []).slice(0, 5), ...(targets.groups ?? []).slice(0, 5).map((g) => `group ${g}`)];
  const total = (targets.terminals?.length ?? 0) + (targets.groups?.length ?? 0);
  return total > parts.length ? `${parts.join(', ')} and ${total - parts.length} more` : parts.join(', ');
}

/** A malformed pinned key or signature is simply "does not verify". */
function signatureValid(raw: Record<string, unknown>, signature: string, publicKey: string): boolean {
  try {
    const bytes = Buffer.from(signature, 'base64url');
    return bytes.length === 64 && verify(null, commandSigningBytes(raw), publicKeyFromRaw(publicKey), bytes);
  } catch {
    return false;
  }
}

function describeIssue(error: z.ZodError): string {
  const first = error.issues[0];
  return first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'invalid command';
}
