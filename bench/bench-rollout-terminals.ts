/**
 * Child process of console-rollout-1k.ts: a slice of the fleet as real terminal fleet agents
 * (electron/core/fleet/fleet-agent.ts: signed-command verification, nonce ledger, acks, retained
 * status, heartbeat). Behind the agent, reload-config runs the real bundle verification
 * (signature, key, target list, newer version) as the terminal does; only applying the config to
 * the kiosk's config schema and devices is stood in for (the version is taken, the heartbeat says so).
 *   node --import tsx bench/bench-rollout-terminals.ts <brokerUrl> <from> <to> <keyId> <publicKey>
 */
import { tmpdir } from 'node:os';
import { verifyBundle, type AppliedBundle } from '../electron/core/config-bundle/verify-bundle.ts';
import { FleetAgent } from '../electron/core/fleet/fleet-agent.ts';
import { terminalIdOf } from './console-fleet-kit.ts';

export type ToRolloutTerminals = { type: 'stop' };
export type FromRolloutTerminals = { type: 'online'; count: number } | { type: 'stopped'; applied: number; refused: string[] };

const [brokerUrl = '', fromArg = '0', toArg = '0', keyId = '', publicKey = ''] = process.argv.slice(2);
const trusted = [{ id: keyId, key: publicKey }];
const send = (message: FromRolloutTerminals) => process.send?.(message);
let applied = 0;
const refused = new Set<string>();

function startAgent(index: number): Promise<FleetAgent> {
  const terminalId = terminalIdOf(index);
  let configVersion = 'bench-0';
  let lastApplied: AppliedBundle | undefined;
  const agent: FleetAgent = new FleetAgent({
    brokerUrl,
    terminalId,
    topicPrefix: 'kiosk',
    heartbeatMs: 30_000,
    trustedKeys: () => trusted,
    mqtt: { reconnectPeriod: 1000 },
    sources: {
      appVersion: '1.4.2',
      configVersion: () => configVersion,
      devices: () => [
        { device: 'idcard', state: 'ready' },
        { device: 'printer', state: 'ready', flags: [] },
      ],
      queueDepth: () => ({ pending: 0, failed: 0 }),
      serviceMode: () => ({ mode: 'in-service', since: '2026-12-04T08:00:00.000Z' }),
      lastError: () => null,
      diskPath: tmpdir(),
    },
    handlers: {
      reloadConfig: (bundle) => {
        const verified = verifyBundle(bundle, { trustedKeys: trusted, terminalId, ...(lastApplied ? { lastApplied } : {}) });
        if (!verified.ok) {
          refused.add(`${verified.reason}: ${verified.detail}`);
          return { ok: false, detail: `${verified.reason}: ${verified.detail}` };
        }
        configVersion = verified.payload.version;
        lastApplied = { version: verified.payload.version, payloadHash: verified.payloadHash };
        applied++;
        // As the terminal core does after a reload: the next heartbeat carries the new version at once.
        void agent.publishHeartbeat();
        return { ok: true, detail: 'applied', result: { version: configVersion } };
      },
      restart: () => undefined,
      setOutOfService: () => ({ ok: true }),
      collectLogs: () => '',
    },
  });
  return new Promise((resolve) => {
    const onState = (state: string) => {
      if (state !== 'online') return;
      agent.off('state', onState);
      resolve(agent);
    };
    agent.on('state', onState);
    agent.start();
  });
}

const from = Number(fromArg);
const agents = await Promise.all(Array.from({ length: Number(toArg) - from }, (_v, k) => startAgent(from + k)));
send({ type: 'online', count: agents.length });

process.on('message', (message: ToRolloutTerminals) => {
  if (message.type !== 'stop') return;
  void Promise.all(agents.map((a) => a.stop())).then(() => {
    send({ type: 'stopped', applied, refused: [...refused].slice(0, 5) });
    process.disconnect();
  });
});
