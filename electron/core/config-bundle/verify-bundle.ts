/**
 * Verifying a bundle before anything in it is trusted. Checks, in order: size and envelope shape,
 * a pinned key with that id, the Ed25519 signature, the payload's shape, that it is meant for this
 * terminal, and that its version is newer than the last bundle applied (replay). The terminal
 * config schema is checked afterwards by whoever applies it.
 */
import { createHash, verify } from 'node:crypto';
import { bundleEnvelopeSchema, bundlePayloadSchema, MAX_BUNDLE_BYTES, signedMessage, type BundlePayload } from './bundle-format.ts';
import { findForbiddenKey } from '../config/forbidden-keys.ts';
import { publicKeyFromRaw } from './ed25519-keys.ts';
import { compareSemver } from './semver.ts';

export type BundleRefusalReason =
  | 'malformed'
  | 'unknown-key'
  | 'bad-signature'
  | 'not-for-this-terminal'
  | 'replayed'
  | 'schema'
  /** Signed with, or installing, a key a bundle withdrew (revoked-keys.ts). */
  | 'revoked-key'
  /** The bundle would give the terminal another identity. */
  | 'terminal-id-changed'
  /** The revoked-keys record cannot be read: nothing is trusted until it is repaired. */
  | 'trust-unreadable';

export interface AppliedBundle {
  version: string;
  payloadHash: string;
}

export interface VerifyContext {
  trustedKeys: ReadonlyArray<{ id: string; key: string }>;
  /** This terminal; undefined (staff CLI without --terminal) skips the target check. */
  terminalId?: string;
  /** The last bundle applied on this terminal; bundles must be newer. */
  lastApplied?: AppliedBundle;
  /** Keys withdrawn by earlier bundles: never trusted, whatever `trustedKeys` says. */
  revokedKeys?: ReadonlyArray<{ key: string }>;
}

export type VerifyResult =
  | { ok: true; keyId: string; payload: BundlePayload; payloadHash: string; alreadyApplied: boolean }
  | { ok: false; reason: BundleRefusalReason; detail: string; keyId?: string; version?: string };

export function verifyBundle(input: string | Buffer | unknown, context: VerifyContext): VerifyResult {
  const parsed = parseEnvelope(input);
  if (!parsed.ok) return parsed;
  const envelope = parsed.value;
  const refuse = (reason: BundleRefusalReason, detail: string, version?: string): VerifyResult => ({
    ok: false,
    reason,
    detail,
    keyId: envelope.keyId,
    ...(version === undefined ? {} : { version }),
  });

  const trusted = context.trustedKeys.find((k) => k.id === envelope.keyId);
  if (!trusted) return refuse('unknown-key', `key "${envelope.keyId}" is not among this terminal's publicKeys`);
  if (context.revokedKeys?.some((r) => r.key === trusted.key)) {
    return refuse('revoked-key', `key "${envelope.keyId}" was withdrawn by an earlier bundle and is never trusted again`);
  }
  const payloadBytes = Buffer.from(envelope.payload, 'base64url');
  const signature = Buffer.from(envelope.signature, 'base64url');
  if (!signatureValid(payloadBytes, signature, trusted.key)) return refuse('bad-signature', `signature does not verify with key "${envelope.keyId}"`);

  let raw: unknown;
  try {
    raw = JSON.parse(payloadBytes.toString('utf8'));
  } catch {
    return refuse('malformed', 'payload is not JSON');
  }
  // Refused, not dropped: the signer should learn that the config they signed is not what they meant.
  const forbidden = findForbiddenKey(raw);
  if (forbidden !== undefined) return refuse('malformed', `payload ${forbidden}: a key named like this is not allowed`);
  const payload = bundlePayloadSchema.safeParse(raw);
  if (!payload.success) {
    const first = payload.error.issues[0];
    return refuse('malformed', `payload ${first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'is invalid'}`);
  }
  const { version, terminals } = payload.data;
  if (terminals && context.terminalId !== undefined && !terminals.includes(context.terminalId)) {
    return refuse('not-for-this-terminal', `bundle is for ${terminals.join(', ')}, not ${context.terminalId}`, version);
  }
  const payloadHash = createHash('sha256').update(payloadBytes).digest('hex');
  const last = context.lastApplied;
  if (last) {
    const order = compareSemver(version, last.version);
    if (order === 0 && payloadHash === last.payloadHash) {
      return { ok: true, keyId: envelope.keyId, payload: payload.data, payloadHash, alreadyApplied: true };
    }
    if (order <= 0) return refuse('replayed', `version ${version} is not newer than ${last.version}, the last bundle applied`, version);
  }
  return { ok: true, keyId: envelope.keyId, payload: payload.data, payloadHash, alreadyApplied: false };
}

/** A malformed pinned key or signature is simply "does not verify". */
function signatureValid(payloadBytes: Buffer, signature: Buffer, publicKey: string): boolean {
  try {
    return signature.length === 64 && verify(null, signedMessage(payloadBytes), publicKeyFromRaw(publicKey), signature);
  } catch {
    return false;
  }
}

function parseEnvelope(input: unknown): { ok: true; value: ReturnType<typeof bundleEnvelopeSchema.parse> } | Extract<VerifyResult, { ok: false }> {
  let value: unknown = input;
  if (typeof input === 'string' || Buffer.isBuffer(input)) {
    const size = typeof input === 'string' ? Buffer.byteLength(input) : input.length;
    if (size > MAX_BUNDLE_BYTES) return { ok: false, reason: 'malformed', detail: `bundle is ${size} bytes; at most ${MAX_BUNDLE_BYTES} allowed` };
    try {
      value = JSON.parse(input.toString());
    } catch {
      return { ok: false, reason: 'malformed', detail: 'bundle is not JSON' };
    }
  }
  const envelope = bundleEnvelopeSchema.safeParse(value);
  if (!envelope.success) {
    const first = envelope.error.issues[0];
    return { ok: false, reason: 'malformed', detail: `bundle ${first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'is invalid'}` };
  }
  if (Buffer.from(envelope.data.payload, 'base64url').length > MAX_BUNDLE_BYTES) {
    return { ok: false, reason: 'malformed', detail: 'payload too large' };
  }
  return { ok: true, value: envelope.data };
}
