/**
 * Prints each terminal's `payments.notifyTag` for its provisioning config, derived from the
 * `console-payment-relay-key` credential exactly as the relay checks it:
 *
 *   CREDENTIALS_DIRECTORY=/run/credentials/bianmin-console.service \
 *     node --import tsx console/server/payment-relay/notify-tag-cli.ts KM-0001 KM-0002
 *
 * One `<terminalId> <tag>` line per id. Exit 2 (nothing printed) without the key or for an id
 * that is not one, so a script never provisions a partial list.
 */
import { fileURLToPath } from 'node:url';
import { notifyTagFor, relayKeyFrom, RELAY_KEY_CREDENTIAL } from './relay-tag.ts';

const TERMINAL_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function notifyTagLines(env: NodeJS.ProcessEnv, ids: readonly string[]): { ok: true; lines: string[] } | { ok: false; error: string } {
  if (ids.length === 0) return { ok: false, error: 'name at least one terminal id' };
  const bad = ids.filter((id) => !TERMINAL_ID.test(id));
  if (bad.length > 0) return { ok: false, error: `not a terminal id: ${bad.join(', ')}` };
  let key: string | undefined;
  try {
    key = relayKeyFrom(env);
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
  if (key === undefined) return { ok: false, error: `no ${RELAY_KEY_CREDENTIAL} credential in $CREDENTIALS_DIRECTORY and no CONSOLE_PAYMENT_RELAY_KEY` };
  return { ok: true, lines: ids.map((id) => `${id} ${notifyTagFor(key, id)}`) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = notifyTagLines(process.env, process.argv.slice(2));
  if (result.ok) process.stdout.write(`${result.lines.join('\n')}\n`);
  else {
    process.stderr.write(`${result.error}\n`);
    process.exitCode = 2;
  }
}
