/**
 * The demo/test terminal cores against a real mosquitto: a real terminal core killed with SIGKILL
 * is restarted by the watchdog supervisor, which records it on disk; the core, up again, reports
 * the `watchdog-restart` event once and counts it in its heartbeat, with its site and config intact.
 * A database damaged while the terminal was down is moved aside at the next start and reported.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heartbeatSchema } from '../messages/terminal-messages.ts';
import { observe, startMosquitto, type Broker } from '../../../test/support/mosquitto-broker.ts';
import { startTerminalCore } from './terminal-cores.ts';

let broker: Broker;
let base: string;
beforeAll(async () => {
  broker = await startMosquitto();
  base = mkdtempSync(join(tmpdir(), 'terminal-cores-test-'));
});
afterAll(async () => {
  await broker.stop();
  rmSync(base, { recursive: true, force: true });
});

const SITE = { region: '大理州', hall: '大理市市民服务中心', tags: ['24h'] };

describe('terminal cores', () => {
  it('a killed core is restarted by the watchdog and reports the restart once; a damaged database is moved aside and reported', { timeout: 120_000 }, async () => {
    const watch = await observe(broker.url, 'kiosk/terminals/CORE-0001/#');
    const heartbeats = () => watch.messages.filter((m) => m.topic.endsWith('/heartbeat')).map((m) => heartbeatSchema.parse(m.json()));
    const events = (type: string) => watch.messages.filter((m) => m.topic.endsWith('/events') && m.json().type === type).map((m) => m.json());
    const baseDir = join(base, 'CORE-0001');
    let terminal = await startTerminalCore({ terminalId: 'CORE-0001', brokerUrl: broker.url, site: SITE, baseDir });
    try {
      await watch.waitFor((m) => m.topic.endsWith('/heartbeat'), 20_000);
      expect(heartbeats()[0]).toMatchObject({ site: SITE, watchdogRestarts: 0, databasesMovedAside: [], queue: { pending: 0, failed: 0, held: 0, undecryptable: 0 } });

      const before = terminal.pid();
      await terminal.kill();
      expect(terminal.pid()).not.toBe(before);
      const restart = await watch.waitFor((m) => m.topic.endsWith('/events') && m.json().type === 'watchdog-restart', 20_000);
      expect(restart.json()).toMatchObject({ reason: 'exited (SIGKILL)', restartsInWindow: 1 });
      await expect.poll(() => heartbeats().at(-1)?.watchdogRestarts, { timeout: 20_000, interval: 100 }).toBe(1);
      // The restarted core kept its config (site) and the record was reported once.
      expect(heartbeats().at(-1)?.site).toEqual(SITE);
      expect(events('watchdog-restart')).toHaveLength(1);

      // Stopped cleanly, the database damaged on disk, started again on the same data.
      await terminal.stop();
      writeFileSync(join(terminal.dataDir, 'kiosk.db'), 'this is not an SQLite database, it is a damaged file');
      terminal = await startTerminalCore({ terminalId: 'CORE-0001', brokerUrl: broker.url, site: SITE, baseDir });
      const moved = await watch.waitFor((m) => m.topic.endsWith('/events') && m.json().type === 'database-moved-aside', 20_000);
      expect(String(moved.json().file)).toMatch(/^kiosk\.db\.corrupt-\d{4}-\d{2}-\d{2}T[\d-]+Z$/);
      await expect.poll(() => heartbeats().at(-1)?.databasesMovedAside, { timeout: 20_000, interval: 100 }).toEqual([moved.json().file]);
      // Nothing reported twice across the new start.
      expect(events('watchdog-restart')).toHaveLength(1);
      expect(events('database-moved-aside')).toHaveLength(1);
    } finally {
      await terminal.stop();
      await watch.client.endAsync();
    }
  });
});
