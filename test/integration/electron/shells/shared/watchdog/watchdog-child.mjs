/**
 * A stand-in kiosk server for the supervisor tests (plain JS so each restart is quick). It serves
 * GET /healthz on KIOSK_PORT and misbehaves as CHILD_MODE (read from CHILD_MODE_FILE at each
 * start, so a test can change it between restarts) says:
 *   healthy        answers until stopped
 *   hang           answers for CHILD_HANG_AFTER_MS, then blocks its event loop: alive, silent
 *   exit           exits with code 3 after CHILD_HANG_AFTER_MS
 * Each start appends "start <pid>" to CHILD_LOG, and each /healthz answered appends a line to
 * CHILD_PROBE_LOG when set (so a test counts probe rounds instead of waiting a guessed time).
 * Like the real kiosk it handles SIGTERM itself, so a hung child can only be stopped with SIGKILL.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const mode = readFileSync(process.env.CHILD_MODE_FILE ?? '', 'utf8').trim();
const after = Number(process.env.CHILD_HANG_AFTER_MS ?? '300');
appendFileSync(process.env.CHILD_LOG ?? '/dev/null', `start ${process.pid} ${mode}\n`);

const server = createServer((req, res) => {
  if (req.url === '/healthz' && process.env.CHILD_PROBE_LOG) appendFileSync(process.env.CHILD_PROBE_LOG, `probe ${process.pid}\n`);
  res.writeHead(req.url === '/healthz' ? 200 : 404, { 'Content-Type': 'text/plain' });
  res.end(req.url === '/healthz' ? 'ok' : 'not found');
});
server.listen(Number(process.env.KIOSK_PORT), '127.0.0.1', () => process.stdout.write(`listening ${process.pid}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));

if (mode === 'hang') {
  setTimeout(() => {
    const until = Date.now() + 120_000;
    while (Date.now() < until) {
      // Busy: no timers, no sockets, no signal handlers run.
    }
  }, after);
} else if (mode === 'exit') {
  setTimeout(() => process.exit(3), after);
}
