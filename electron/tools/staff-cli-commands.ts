/**
 * The staff CLI's `sign-command`: signs a fleet command (signed-command.ts) with the same private
 * key file bundle signing reads, for a console-less fleet or a terminal reached by hand (the
 * output can be published to the terminal's command topic as is).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { privateKeyFromPem } from '../core/config-bundle/ed25519-keys.ts';
import { FLEET_COMMAND_NAMES } from '../core/fleet/fleet-commands.ts';
import { MAX_COMMAND_LIFETIME_MS, signCommand } from '../core/fleet/signed-command.ts';
import { options, required, UsageError } from './cli-args.ts';
import type { CliIo } from './staff-cli.ts';

const list = (value: string | undefined) => value?.split(',').map((t) => t.trim()).filter((t) => t !== '');

export function signCommandCli(args: readonly string[], io: CliIo): number {
  const v = options(args, {
    key: { type: 'string' },
    'key-id': { type: 'string' },
    command: { type: 'string' },
    args: { type: 'string' },
    terminals: { type: 'string' },
    groups: { type: 'string' },
    'expires-in-minutes': { type: 'string' },
    out: { type: 'string' },
  });
  const [keyPath, keyId, name] = [required(v.key, 'key'), required(v['key-id'], 'key-id'), required(v.command, 'command')];
  if (!(FLEET_COMMAND_NAMES as readonly string[]).includes(name)) throw new UsageError(`--command: one of ${FLEET_COMMAND_NAMES.join(', ')}`);
  let commandArgs: Record<string, unknown> = {};
  if (v.args !== undefined) {
    try {
      commandArgs = JSON.parse(v.args) as Record<string, unknown>;
    } catch {
      throw new UsageError('--args: not JSON');
    }
    if (typeof commandArgs !== 'object' || commandArgs === null || Array.isArray(commandArgs)) throw new UsageError('--args: must be a JSON object');
  }
  const terminals = list(v.terminals);
  const groups = list(v.groups);
  if (!terminals?.length && !groups?.length) throw new UsageError('give --terminals and/or --groups (the group "*" is every terminal)');
  const minutes = v['expires-in-minutes'] === undefined ? 60 : Number(v['expires-in-minutes']);
  if (!Number.isFinite(minutes) || minutes <= 0 || minutes * 60_000 > MAX_COMMAND_LIFETIME_MS) {
    throw new UsageError(`--expires-in-minutes: a number from 1 to ${MAX_COMMAND_LIFETIME_MS / 60_000}`);
  }
  const privateKey = privateKeyFromPem(readFileSync(resolve(io.cwd, keyPath), 'utf8'));
  const issuedAt = new Date();
  const signed = signCommand({
    keyId,
    privateKey,
    command: { name, args: commandArgs },
    targets: { ...(terminals?.length ? { terminals } : {}), ...(groups?.length ? { groups } : {}) },
    issuedAt,
    expiresAt: new Date(issuedAt.getTime() + minutes * 60_000),
  });
  const text = `${JSON.stringify(signed)}\n`;
  if (v.out) {
    writeFileSync(resolve(io.cwd, v.out), text);
    io.out(`signed command ${name} (nonce ${signed.nonce}, expires ${signed.expiresAt}) written to ${resolve(io.cwd, v.out)}\n`);
  } else {
    io.out(text);
  }
  return 0;
}
