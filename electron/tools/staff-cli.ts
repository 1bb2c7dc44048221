/**
 * The staff CLI's commands as a function (kiosk-staff.ts is the executable wrapper), so tests run
 * it in-process. Exit codes: 0 ok, 1 refused/failed, 2 usage error.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AuditLog, verifyAuditFile } from '../core/audit/audit-log.ts';
import { overrideOf } from '../core/config-bundle/bundle-format.ts';
import { RevokedKeys } from '../core/config-bundle/revoked-keys.ts';
import { generateSigningKeyPair, privateKeyFromPem } from '../core/config-bundle/ed25519-keys.ts';
import { signBundle } from '../core/config-bundle/sign-bundle.ts';
import { verifyBundle } from '../core/config-bundle/verify-bundle.ts';
import { ConfigError } from '../core/config/config-error.ts';
import { maintenancePaths } from '../core/config/maintenance-paths.ts';
import { mergeAndValidate, readJsonObject } from '../core/config/resolve-config.ts';
import { hashPin, pinWeakness } from '../core/staff/pin-hash.ts';
import { lockoutPolicyFrom, StaffAuth } from '../core/staff/staff-auth.ts';
import { options, required, UsageError } from './cli-args.ts';
import { addCard, listCards, removeCard } from './staff-cli-cards.ts';
import { signCommandCli } from './staff-cli-commands.ts';
import { errorMessage } from '../core/util/error-message.ts';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /**
   * Whole standard input (for PINs and ID numbers: never on the command line, where `ps` and the
   * shell history show it). `prompt` names what is asked for when a person types it.
   */
  readStdin(prompt?: string): Promise<string>;
  cwd: string;
}

export const USAGE = `kiosk-staff <command> [options]

  keygen  --id <key-id> --out <dir>
          Create an Ed25519 key pair: <dir>/<key-id>.private.pem (keep it off the terminals)
          and the publicKeys entry to put in the terminal config.
  sign    --key <private.pem> --key-id <id> --config <override.json> --version <x.y.z>
          [--terminals KM-0001,KM-0002] [--note <text>] [--out <bundle.json>]
          Sign a configuration bundle.
  verify  --bundle <bundle.json> (--public-key <id>=<key> ... | --trust-config <config.json>)
          [--terminal <id>] [--defaults <default.json>] [--revoked <trust/revoked-keys.json>]
          Check a bundle's signature and that the config it installs is valid; with --revoked
          (a copy of the terminal's record), that it neither uses nor re-adds a withdrawn key.
  sign-command --key <private.pem> --key-id <id> --command <name> [--args <json>]
          (--terminals KM-0001,KM-0002 | --groups <g1,g2> | --groups "*") [--expires-in-minutes 60]
          [--out <command.json>]
          Sign a fleet command: restart, out-of-service (--args '{"message":{"zh-CN":"…","en-US":"…"}}'),
          back-in-service, request-logs, print-test-receipt, clear-staff-lockout, retry-held-items,
          reload-config. Publish the output to the terminal's commands topic.
  hash-pin                       Read a PIN on stdin, print its scrypt hash.
  set-pin --data-dir <dir>       Read a PIN on stdin, store it as the terminal's staff PIN.
  add-card --data-dir <dir> --label <name>
          Read an ID number on stdin (GB 11643, check character verified) and register that
          ID card as a staff card: only its scrypt hash, masked number and the label are stored.
  list-cards --data-dir <dir>    List the registered staff cards (masked numbers only).
  remove-card --data-dir <dir> --card <entry id>
          Remove a staff card registration (the id list-cards shows).
  audit-verify --file <audit.jsonl>
          Check an audit log's hash chain; names the first altered line.
`;

const DEFAULTS_RELATIVE = join('resources', 'config', 'default.json');

export async function runStaffCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'keygen':
        return keygen(rest, io);
      case 'sign':
        return sign(rest, io);
      case 'verify':
        return verify(rest, io);
      case 'sign-command':
        return signCommandCli(rest, io);
      case 'hash-pin':
        return await hashPinCommand(io);
      case 'set-pin':
        return await setPin(rest, io);
      case 'add-card':
        return await addCard(rest, io);
      case 'list-cards':
        return listCards(rest, io);
      case 'remove-card':
        return removeCard(rest, io);
      case 'audit-verify':
        return auditVerify(rest, io);
      case undefined:
      case 'help':
      case '--help':
        io.out(USAGE);
        return command === undefined ? 2 : 0;
      default:
        io.err(`unknown command "${command}"\n\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    io.err(`${errorMessage(error)}\n`);
    return 1;
  }
}

function keygen(args: readonly string[], io: CliIo): number {
  const v = options(args, { id: { type: 'string' }, out: { type: 'string' } });
  const id = required(v.id, 'id');
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(id)) throw new UsageError('--id: letters, digits, ".", "_" or "-"');
  const dir = resolve(io.cwd, required(v.out, 'out'));
  const privatePath = join(dir, `${id}.private.pem`);
  if (existsSync(privatePath)) {
    io.err(`${privatePath} exists: refusing to overwrite a signing key\n`);
    return 1;
  }
  mkdirSync(dir, { recursive: true });
  const pair = generateSigningKeyPair();
  writeFileSync(privatePath, pair.privateKeyPem, { mode: 0o600, flag: 'wx' });
  const entry = { id, key: pair.publicKey };
  writeFileSync(join(dir, `${id}.public.json`), `${JSON.stringify(entry, null, 2)}\n`);
  io.out(`private key: ${privatePath} (keep it on the signing machine only)\n`);
  io.out(`add to the terminal config "publicKeys":\n${JSON.stringify(entry)}\n`);
  return 0;
}

function sign(args: readonly string[], io: CliIo): number {
  const v = options(args, {
    key: { type: 'string' },
    'key-id': { type: 'string' },
    config: { type: 'string' },
    version: { type: 'string' },
    terminals: { type: 'string' },
    note: { type: 'string' },
    'issued-at': { type: 'string' },
    out: { type: 'string' },
  });
  const [keyPath, keyId, configFile, version] = [required(v.key, 'key'), required(v['key-id'], 'key-id'), required(v.config, 'config'), required(v.version, 'version')];
  const privateKey = privateKeyFromPem(readFileSync(resolve(io.cwd, keyPath), 'utf8'));
  const configPath = resolve(io.cwd, configFile);
  const config = readJsonObject(configPath);
  if (config === undefined) throw new Error(`${configPath} not found`);
  const terminals = v.terminals?.split(',').map((t) => t.trim()).filter((t) => t !== '');
  const bundle = signBundle({
    keyId,
    privateKey,
    payload: {
      version,
      issuedAt: v['issued-at'] ?? new Date().toISOString(),
      ...(terminals && terminals.length > 0 ? { terminals } : {}),
      ...(v.note ? { note: v.note } : {}),
      config,
    },
  });
  const text = `${JSON.stringify(bundle, null, 2)}\n`;
  if (v.out) {
    writeFileSync(resolve(io.cwd, v.out), text);
    io.out(`signed bundle ${bundle.keyId} version ${version} written to ${resolve(io.cwd, v.out)}\n`);
  } else {
    io.out(text);
  }
  return 0;
}

function verify(args: readonly string[], io: CliIo): number {
  const v = options(args, {
    bundle: { type: 'string' },
    'public-key': { type: 'string', multiple: true },
    'trust-config': { type: 'string' },
    terminal: { type: 'string' },
    defaults: { type: 'string' },
    revoked: { type: 'string' },
  });
  const bundleText = readFileSync(resolve(io.cwd, required(v.bundle, 'bundle')), 'utf8');
  const revokedKeys = v.revoked === undefined ? undefined : new RevokedKeys(resolve(io.cwd, v.revoked)).load();
  const trustedKeys = (v['public-key'] ?? []).map((pair) => {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError('--public-key expects <id>=<base64url key>');
    return { id: pair.slice(0, at), key: pair.slice(at + 1) };
  });
  let terminalId = v.terminal;
  if (v['trust-config']) {
    const trust = readJsonObject(resolve(io.cwd, v['trust-config'])) ?? {};
    const keys = Array.isArray(trust.publicKeys) ? (trust.publicKeys as Array<{ id: string; key: string }>) : [];
    trustedKeys.push(...keys);
    terminalId ??= typeof trust.terminalId === 'string' ? trust.terminalId : undefined;
  }
  if (trustedKeys.length === 0) throw new UsageError('give --public-key or --trust-config');
  // Without a terminal only the signature is checked, not the bundle's list of target terminals.
  const result = verifyBundle(bundleText, {
    trustedKeys,
    ...(terminalId === undefined ? {} : { terminalId }),
    ...(revokedKeys === undefined ? {} : { revokedKeys }),
  });
  if (!result.ok) {
    io.err(`REFUSED (${result.reason}): ${result.detail}\n`);
    return 1;
  }
  const decoded = result.payload;
  const defaultsPath = resolve(io.cwd, v.defaults ?? DEFAULTS_RELATIVE);
  const defaults = readJsonObject(defaultsPath);
  if (defaults === undefined) throw new Error(`defaults not found at ${defaultsPath} (give --defaults)`);
  let merged;
  try {
    merged = mergeAndValidate(defaults, overrideOf(decoded), `bundle ${decoded.version}`);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.err(`REFUSED (schema): ${error.message}\n`);
    return 1;
  }
  // The same rules the terminal applies after the schema (bundle-applier.ts).
  const namedTerminal = decoded.config.terminalId;
  if (terminalId !== undefined && namedTerminal !== undefined && namedTerminal !== terminalId) {
    io.err(`REFUSED (terminal-id-changed): bundle would change terminalId from ${terminalId} to ${String(namedTerminal)}\n`);
    return 1;
  }
  const reinstated = merged.publicKeys.filter((k) => revokedKeys?.some((r) => r.key === k.key));
  if (reinstated.length > 0) {
    io.err(`REFUSED (revoked-key): publicKeys: ${reinstated.map((k) => `"${k.id}"`).join(', ')} was withdrawn earlier\n`);
    return 1;
  }
  const target = decoded.terminals ? decoded.terminals.join(', ') : 'every terminal';
  io.out(`OK: signed by "${result.keyId}", version ${decoded.version}, for ${target}, config valid\n`);
  return 0;
}

async function readPin(io: CliIo): Promise<string> {
  const pin = (await io.readStdin('PIN')).split(/\r?\n/)[0]?.trim() ?? '';
  const weakness = pinWeakness(pin);
  if (weakness !== undefined) throw new Error(`PIN refused: ${weakness}`);
  return pin;
}

async function hashPinCommand(io: CliIo): Promise<number> {
  io.out(`${await hashPin(await readPin(io))}\n`);
  return 0;
}

async function setPin(args: readonly string[], io: CliIo): Promise<number> {
  const v = options(args, { 'data-dir': { type: 'string' } });
  const dataDir = resolve(io.cwd, required(v['data-dir'], 'data-dir'));
  const pin = await readPin(io);
  const paths = maintenancePaths(dataDir);
  const auth = new StaffAuth({
    path: paths.staffAuth,
    // Setting a PIN does not consult the lockout policy; any valid policy will do.
    policy: () => lockoutPolicyFrom({ maxPinAttempts: 5, lockoutSeconds: 60 }),
    audit: new AuditLog({ path: paths.audit }),
  });
  const result = await auth.setPin(pin, 'staff-cli');
  if (!result.ok) throw new Error(`PIN refused: ${result.detail}`);
  io.out(`staff PIN stored in ${paths.staffAuth}\n`);
  return 0;
}

function auditVerify(args: readonly string[], io: CliIo): number {
  const v = options(args, { file: { type: 'string' } });
  const file = resolve(io.cwd, required(v.file, 'file'));
  if (!existsSync(file)) throw new Error(`${file} not found`);
  const result = verifyAuditFile(file);
  if (result.ok) {
    io.out(`OK: ${result.entries} entries, head #${result.head.seq} ${result.head.hash}\n`);
    return 0;
  }
  io.err(`TAMPERED: line ${result.line}: ${result.reason} (${result.entries} entries verified before it)\n`);
  return 1;
}
