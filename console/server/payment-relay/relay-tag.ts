/**
 * The per-terminal tag in a notify URL (`/pay/notify/<channel>/<terminalId>/<tag>`): HMAC-SHA256
 * of the terminal id under the console's relay key, first 16 bytes (128 bits) in base64url. A
 * terminal id is no secret (it is on the device's label), so without the tag anyone could post
 * forged notifications that the terminal refuses but raises an alert for each time; with it, a
 * wrong URL is refused at the console before any database lookup and never reaches a terminal.
 *
 * Derived, not stored: the console keeps one key, not a table of tags, and recomputes a tag at
 * each request. The key is the systemd credential `console-payment-relay-key` (LoadCredential=,
 * read from $CREDENTIALS_DIRECTORY like the other console credentials), else
 * CONSOLE_PAYMENT_RELAY_KEY. Rotating it changes every terminal's tag (and notify URL).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const RELAY_KEY_CREDENTIAL = 'console-payment-relay-key';
/** Shorter keys are refused: the tag is only as unguessable as the key. */
export const RELAY_KEY_MIN_CHARS = 32;
const TAG_BYTES = 16;

export function relayKeyFrom(env: NodeJS.ProcessEnv): string | undefined {
  const dir = env.CREDENTIALS_DIRECTORY;
  const key = dir && existsSync(join(dir, RELAY_KEY_CREDENTIAL)) ? readFileSync(join(dir, RELAY_KEY_CREDENTIAL), 'utf8').replace(/\r?\n$/, '') : env.CONSOLE_PAYMENT_RELAY_KEY || undefined;
  if (key !== undefined && key.length < RELAY_KEY_MIN_CHARS) throw new Error(`the ${RELAY_KEY_CREDENTIAL} credential must be at least ${RELAY_KEY_MIN_CHARS} characters (e.g. openssl rand -base64 32)`);
  return key;
}

/** The tag the terminal's config carries as `payments.notifyTag`. */
export function notifyTagFor(relayKey: string, terminalId: string): string {
  return tagBytes(relayKey, terminalId).toString('base64url');
}

/** Constant-time: a forger learns nothing from how long a wrong tag took. */
export function tagMatches(relayKey: string, terminalId: string, tag: string): boolean {
  const expected = tagBytes(relayKey, terminalId);
  const given = Buffer.from(tag, 'base64url');
  // base64url decoding ignores stray characters, so the text must also round-trip.
  return given.length === expected.length && timingSafeEqual(given, expected) && given.toString('base64url') === tag;
}

function tagBytes(relayKey: string, terminalId: string): Buffer {
  return createHmac('sha256', relayKey).update(`bianmin-notify-tag:${terminalId}`).digest().subarray(0, TAG_BYTES);
}
