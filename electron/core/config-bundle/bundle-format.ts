/**
 * A signed configuration bundle, as sent by the fleet or carried on a USB stick:
 *
 *   { "format": "bianmin-config-bundle/1", "keyId": "fleet-2025",
 *     "payload": "<base64url of the payload JSON bytes>", "signature": "<base64url Ed25519>" }
 *
 * The signature covers `bianmin-config-bundle/1\n` followed by the exact payload bytes: no JSON
 * canonicalisation to get wrong, and a signature made for anything else cannot be replayed here.
 * The payload names the config version (the replay counter), optionally the terminals it is for,
 * and the override that is merged over the shipped defaults.
 */
import { z } from 'zod';
import { isSemver } from './semver.ts';

export const BUNDLE_FORMAT = 'bianmin-config-bundle/1';
/** Bundles travel over MQTT and USB; anything this big is not a terminal config. */
export const MAX_BUNDLE_BYTES = 256 * 1024;

const BASE64URL = /^[A-Za-z0-9_-]+$/;

export const bundleEnvelopeSchema = z
  .object({
    format: z.literal(BUNDLE_FORMAT),
    keyId: z.string().min(1).max(64),
    payload: z.string().min(1).regex(BASE64URL, 'must be base64url'),
    signature: z.string().regex(BASE64URL, 'must be base64url'),
  })
  .strict();

export type BundleEnvelope = z.infer<typeof bundleEnvelopeSchema>;

export const bundlePayloadSchema = z
  .object({
    /** The config version this bundle installs; must be newer than the last bundle applied. */
    version: z.string().refine(isSemver, 'must look like 1.2.3'),
    issuedAt: z.iso.datetime({ offset: true }),
    /** Terminal ids this bundle is for; absent means every terminal that trusts the key. */
    terminals: z.array(z.string().min(1)).min(1).optional(),
    note: z.string().max(500).optional(),
    /** Override merged over the shipped defaults (the same shape as the local config.json). */
    config: z.record(z.string(), z.unknown()),
  })
  .strict();

export type BundlePayload = z.infer<typeof bundlePayloadSchema>;

export function signedMessage(payloadBytes: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${BUNDLE_FORMAT}\n`, 'utf8'), payloadBytes]);
}

/** The override a payload installs: its config with the bundle's version stamped in. */
export function overrideOf(payload: BundlePayload): Record<string, unknown> {
  return { ...payload.config, version: payload.version };
}
