/**
 * A real terminal fleet agent (electron/core/fleet/fleet-agent.ts, the code terminals run) for
 * console tests: its heartbeat, retained status and last will are the real ones. Only what lies
 * behind the agent is stood in for: devices, queue and command handlers are fixed test values.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyBundle, type AppliedBundle } from '../../electron/core/config-bundle/verify-bundle.ts';
import { FleetAgent } from '../../electron/core/fleet/fleet-agent.ts';
import type { DeviceSummary, QueueDepth } from '../../electron/core/fleet/heartbeat.ts';
import type { MonthlyReport } from '../../electron/core/evaluation/monthly-report.ts';

export interface TestTerminal {
  agent: FleetAgent;
  devices: DeviceSummary[];
  queue: QueueDepth;
  /** What the command handlers were asked to do, in order. */
  handled: string[];
  stop(): Promise<void>;
}

export async function startTestTerminal(options: {
  brokerUrl: string;
  terminalId: string;
  topicPrefix: string;
  heartbeatMs?: number;
  /** The fleet keys this terminal trusts (config `publicKeys`). */
  trustedKeys?: { id: string; key: string }[];
  /** Stands in for the terminal's config schema: a reason to refuse a bundle's config, or undefined. */
  configProblem?: (config: Record<string, unknown>) => string | undefined;
  /** The terminal's monthly reports (send-monthly-report), e.g. terminal-reports.ts; without it the command is "not available". */
  monthlyReport?: (month: string) => MonthlyReport;
}): Promise<TestTerminal> {
  const handled: string[] = [];
  let configVersion = 'test-1';
  let lastApplied: AppliedBundle | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'console-terminal-'));
  const state = {
    devices: [
      { device: 'idcard', state: 'ready' },
      { device: 'printer', state: 'ready', flags: [] as string[] },
    ] as DeviceSummary[],
    queue: { pending: 0, failed: 0 } as QueueDepth,
  };
  const agent = new FleetAgent({
    brokerUrl: options.brokerUrl,
    terminalId: options.terminalId,
    topicPrefix: options.topicPrefix,
    heartbeatMs: options.heartbeatMs ?? 60_000,
    trustedKeys: () => options.trustedKeys ?? [],
    mqtt: { reconnectPeriod: 200, keepalive: 5 },
    sources: {
      appVersion: '0.1.0-test',
      configVersion: () => configVersion,
      devices: () => state.devices,
      queueDepth: () => state.queue,
      serviceMode: () => ({ mode: 'in-service', since: '2026-12-04T08:00:00.000Z' }),
      lastError: () => null,
      diskPath: dataDir,
    },
    handlers: {
      // The real bundle verification (signature, key, target, newer version); the config schema is stood in for.
      reloadConfig: (bundle) => {
        const verified = verifyBundle(bundle, { trustedKeys: options.trustedKeys ?? [], terminalId: options.terminalId, ...(lastApplied ? { lastApplied } : {}) });
        if (!verified.ok) return { ok: false, detail: `${verified.reason}: ${verified.detail}` };
        const problem = options.configProblem?.(verified.payload.config);
        if (problem) return { ok: false, detail: `schema: ${problem}` };
        handled.push(`config ${verified.payload.version}`);
        configVersion = verified.payload.version;
        lastApplied = { version: verified.payload.version, payloadHash: verified.payloadHash };
        void agent.publishHeartbeat();
        return { ok: true, detail: 'applied', result: { version: configVersion } };
      },
      restart: () => undefined,
      setOutOfService: (active) => {
        handled.push(active ? 'out-of-service' : 'back-in-service');
        return { ok: true };
      },
      collectLogs: () => {
        handled.push('collect-logs');
        return 'test terminal log line\n';
      },
      ...(options.monthlyReport ? { monthlyReport: options.monthlyReport } : {}),
    },
  });
  const online = new Promise<void>((resolve) => {
    const onState = (s: string) => {
      if (s === 'online') {
        agent.off('state', onState);
        resolve();
      }
    };
    agent.on('state', onState);
  });
  agent.start();
  await online;
  return {
    agent,
    handled,
    get devices() {
      return state.devices;
    },
    set devices(d: DeviceSummary[]) {
      state.devices = d;
    },
    get queue() {
      return state.queue;
    },
    set queue(q: QueueDepth) {
      state.queue = q;
    },
    stop: () => agent.stop(),
  };
}

/** Polls until the check passes (no fixed sleeps): for state that arrives over MQTT. */
export async function eventually<T>(check: () => Promise<T | undefined | false> | T | undefined | false, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
