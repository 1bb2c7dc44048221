/**
 * Browser-shell watchdog: runs the kiosk server as a child process and keeps it answering.
 *
 *   node --import tsx electron/tools/kiosk-supervisor.ts [--port 8780] [--daily-restart-hour 3]
 *        [--max-restarts 3] [--window-minutes 10] [--log <file>] [--data-dir DIR] -- <command> [args…]
 *
 * The child gets KIOSK_PORT; it must serve GET /healthz on 127.0.0.1:<port> (the browser shell
 * does). Stops the child on SIGTERM/SIGINT (systemd stop, Ctrl+C). With --data-dir (the kiosk's),
 * unplanned restarts are recorded in DIR/run/watchdog-restarts.jsonl for the kiosk to report.
 */
import { parseArgs } from 'node:util';
import { createLogger } from '../core/logging/logger.ts';
import { createRotatingFileSink } from '../core/logging/rotating-file-sink.ts';
import { ProcessSupervisor } from '../shells/shared/watchdog/supervisor.ts';
import { watchdogRestartsPath } from '../core/watchdog/restart-record.ts';

const separator = process.argv.indexOf('--');
const own = separator === -1 ? process.argv.slice(2) : process.argv.slice(2, separator);
const childArgv = separator === -1 ? [] : process.argv.slice(separator + 1);
const { values } = parseArgs({
  args: own,
  options: {
    port: { type: 'string', default: process.env.KIOSK_PORT ?? '8780' },
    'daily-restart-hour': { type: 'string' },
    'max-restarts': { type: 'string', default: '3' },
    'window-minutes': { type: 'string', default: '10' },
    log: { type: 'string' },
    'data-dir': { type: 'string' },
  },
});
const [command, ...args] = childArgv;
if (!command) {
  console.error('usage: kiosk-supervisor.ts [options] -- <command> [args…]');
  process.exit(2);
}

const sink = values.log ? createRotatingFileSink({ path: values.log }) : undefined;
const logger = createLogger({ scope: 'supervisor', ...(sink ? { write: (line: string) => sink.write(line) } : {}) });
const port = Number(values.port);
const hour = values['daily-restart-hour'];
const supervisor = new ProcessSupervisor({
  command,
  args,
  env: { ...process.env, KIOSK_PORT: String(port) },
  healthUrl: `http://127.0.0.1:${port}/healthz`,
  brake: { maxRestarts: Number(values['max-restarts']), windowMs: Number(values['window-minutes']) * 60_000 },
  dailyRestartHour: hour === undefined ? null : Number(hour),
  outOfServicePage: { host: '127.0.0.1', port },
  ...(values['data-dir'] ? { restartRecordPath: watchdogRestartsPath(values['data-dir']) } : {}),
  onOutput: (line) => (sink ? sink.write(line) : process.stdout.write(`${line}\n`)),
});
supervisor.on('state', (state, detail) => logger.info('state', { state, detail }));
supervisor.on('restart', (info) => logger.warn('restart', info));
supervisor.start();

const stop = () => {
  void supervisor.stop().finally(() => {
    sink?.close();
    process.exit(0);
  });
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
