/**
 * A configuration rollout to 1,000 terminals: the real console (SQLite, its own rollout timer at
 * one-second ticks) and 1,000 real terminal fleet agents in 2 child processes that verify the
 * signed command and the signed bundle as terminals do, apply it and acknowledge. Two publishers
 * propose and approve through the HTTP API; 10 canaries first, the rest once every canary has
 * acknowledged `done` and reports the new version (no extra watch time).
 *
 * Prints approval → canaries confirmed → bundle sent to the rest → every ack collected → rollout
 * done. Target: approval → done ≤ 60 s.
 *   node --import tsx bench/console-rollout-1k.ts [--terminals=1000] [--canaries=10] [--processes=2]
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSigningKeyPair, privateKeyFromPem } from '../electron/core/config-bundle/ed25519-keys.ts';
import { silentLogger } from '../electron/core/logging/logger.ts';
import { consoleConfigSchema } from '../console/server/config/console-config.ts';
import { startConsoleServer } from '../console/server/console-server.ts';
import { ADMIN, apiClient } from '../console/test-support/console-fixture.ts';
import { waitFor } from '../test/support/wait.ts';
import type { FromRolloutTerminals, ToRolloutTerminals } from './bench-rollout-terminals.ts';
import { row } from './bench-stats.ts';
import { benchChild, nextMessage, startFleetBroker, terminalIdOf } from './console-fleet-kit.ts';

const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const terminals = arg('terminals', 1000);
const canaries = arg('canaries', 10);
const processes = arg('processes', 2);
const TARGET_MS = 60_000;
const VERSION = '1.0.0';

const keys = generateSigningKeyPair();
const broker = await startFleetBroker(terminals + 16);
const dir = mkdtempSync(join(tmpdir(), 'bench-rollout-'));
const fleet: ChildProcess[] = [];
let failed = false;
const server = await startConsoleServer({
  config: consoleConfigSchema.parse({ listen: { host: '127.0.0.1', port: 0 }, mqtt: { url: broker.url }, alertIntervalSeconds: 1 }),
  database: { dialect: 'sqlite', file: join(dir, 'console.sqlite') },
  logger: silentLogger,
  initialAdmin: ADMIN,
  signing: { keyId: 'fleet-bench', privateKey: privateKeyFromPem(keys.privateKeyPem) },
});
try {
  const per = Math.ceil(terminals / processes);
  const began = performance.now();
  for (let p = 0; p < processes; p++) {
    fleet.push(benchChild('bench-rollout-terminals.ts', [broker.url, String(p * per), String(Math.min(terminals, (p + 1) * per)), 'fleet-bench', keys.publicKey]));
  }
  await Promise.all(fleet.map((f) => nextMessage<FromRolloutTerminals, 'online'>(f, 'online')));
  const reporting = async () => (await server.fleet.listTerminals()).filter((t) => t.config_version === 'bench-0' && t.online === 1).length;
  await waitFor(async () => (await reporting()) === terminals, 60_000, `${terminals} terminals reporting`, { intervalMs: 250 });
  row(`${terminals} terminal agents online and reporting`, `${((performance.now() - began) / 1000).toFixed(1)} s`);

  const admin = apiClient(server.url);
  await admin.login(ADMIN.username, ADMIN.password);
  const publishers = [];
  for (const name of ['pub1', 'pub2']) {
    const created = await admin.call('POST', '/api/users', { username: name, role: 'publisher', password: `${name} bench passphrase` });
    if (created.status !== 201) throw new Error(`could not create ${name}: ${JSON.stringify(created.body)}`);
    const client = apiClient(server.url);
    await client.login(name, `${name} bench passphrase`);
    publishers.push(client);
  }
  const [pub1, pub2] = publishers as [ReturnType<typeof apiClient>, ReturnType<typeof apiClient>];
  const ids = Array.from({ length: terminals }, (_v, i) => terminalIdOf(i));
  const proposed = await pub1.call('POST', '/api/rollouts', {
    version: VERSION,
    config: { timeouts: { inactivitySeconds: 90 } },
    note: 'benchmark rollout',
    canary: ids.slice(0, canaries),
    rest: ids.slice(canaries),
    canaryWaitMinutes: 0,
  });
  if (proposed.status !== 201) throw new Error(`proposal refused: ${JSON.stringify(proposed.body)}`);

  const approvedAt = performance.now();
  const approved = await pub2.call('POST', `/api/rollouts/${String(proposed.body.id)}/approve`, {});
  if (approved.status !== 200) throw new Error(`approval refused: ${JSON.stringify(approved.body)}`);
  const marks: Record<string, number> = {};
  const doneAcks = async () => Number((await server.db.selectFrom('acks').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'done').executeTakeFirstOrThrow()).n);
  let state = '';
  let halt: unknown = null;
  await waitFor(
    async () => {
      const list = (await pub1.call('GET', '/api/rollouts')).body as unknown as { id: number; state: string; haltReason: string | null }[];
      const mine = list.find((r) => r.id === proposed.body.id);
      state = mine?.state ?? '';
      halt = mine?.haltReason ?? null;
      const acks = await doneAcks();
      const now = performance.now() - approvedAt;
      if (acks >= canaries) marks.canaryAcks ??= now;
      if (state === 'rest' || state === 'done') marks.rest ??= now;
      if (acks >= terminals) marks.allAcks ??= now;
      if (state === 'done') marks.done ??= now;
      return state === 'done' || state === 'halted' || now > TARGET_MS * 3;
    },
    TARGET_MS * 3 + 30_000,
    'the rollout to end',
    { intervalMs: 100 },
  );
  const onNewVersion = (await server.fleet.listTerminals()).filter((t) => t.config_version === VERSION).length;
  const stopped = await Promise.all(
    fleet.map((f) => {
      const answer = nextMessage<FromRolloutTerminals, 'stopped'>(f, 'stopped');
      f.send({ type: 'stop' } satisfies ToRolloutTerminals);
      return answer;
    }),
  );
  const s = (ms: number | undefined) => (ms === undefined ? 'never' : `${(ms / 1000).toFixed(1)} s`);
  row('approved → canaries acknowledged done', s(marks.canaryAcks));
  row('approved → bundle sent to the rest (canary passed)', s(marks.rest));
  row(`approved → all ${terminals} "done" acks collected`, s(marks.allAcks));
  row('approved → rollout done (every terminal reports the version)', s(marks.done));
  row('terminals on the new version / applied / refused', `${onNewVersion} / ${stopped.reduce((n, x) => n + x.applied, 0)} / ${stopped.flatMap((x) => x.refused).join('; ') || 'none'}`);
  if (state !== 'done') row('rollout ended as', `${state}${halt ? `: ${String(halt)}` : ''}`);
  console.log(`target: approval → done ≤ ${TARGET_MS / 1000} s`);
  if (marks.done === undefined || marks.done > TARGET_MS || onNewVersion !== terminals) {
    console.log(`MISSED: ${marks.done === undefined ? `the rollout is ${state}` : `${s(marks.done)}`}`);
    failed = true;
  }
} finally {
  for (const f of fleet) if (f.exitCode === null) f.kill();
  await server.stop();
  await broker.stop();
  rmSync(dir, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
