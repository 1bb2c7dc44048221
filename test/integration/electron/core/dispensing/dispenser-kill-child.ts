/**
 * The process the kill test SIGKILLs: the terminal's hand-out engine with its journal and the
 * in-process dispenser driver. It reconciles what the previous run left, then hands out the
 * certificates of the manifest one after another. Lines on stdout: READY, then per hand-out
 * BEGIN <id> and END <id> <outcome>; in drain mode RECONCILED and exit 0.
 */
import { readFileSync } from 'node:fs';
import { AlertBoard } from '../../../../../electron/core/alerts/alert-board.ts';
import { openDatabase } from '../../../../../electron/core/db/database.ts';
import { migrations } from '../../../../../electron/core/db/migrations/index.ts';
import { CertificateDispenser } from '../../../../../electron/core/dispensing/certificate-dispenser.ts';
import { HandOutError } from '../../../../../electron/core/dispensing/handout-error.ts';
import { HandOutJournal, type CertificateCard } from '../../../../../electron/core/dispensing/handout-journal.ts';
import { createLogger } from '../../../../../electron/core/logging/logger.ts';
import { CardDispenser } from '../../../../../native/dispenser/card-dispenser.ts';

const [dbPath, devicePath, manifestPath, mode] = process.argv.slice(2) as [string, string, string, 'work' | 'drain'];
const out = (line: string) => process.stdout.write(`${line}\n`);

const db = openDatabase(dbPath, { migrations });
const journal = new HandOutJournal(db);
const board = new AlertBoard();
const dispenser = new CardDispenser({ path: devicePath, ackTimeoutMs: 200, moveTimeoutMs: 500, queryTimeoutMs: 300, statusPollMs: 0 });
const engine = new CertificateDispenser({
  device: () => dispenser,
  journal,
  alerts: {
    raise: (alert) => {
      board.raise(alert);
      out(`ALERT ${alert.kind}`);
    },
  },
  logger: createLogger({ level: 'error' }),
  report: async () => undefined,
  pollMs: 10,
});

// As the device manager would: a failed open (a lost answer, a module still finishing the move
// the previous run started) is tried again.
for (let attempt = 1; ; attempt += 1) {
  try {
    await dispenser.open();
    break;
  } catch (error) {
    if (attempt >= 5) throw error;
    await dispenser.close().catch(() => undefined);
  }
}
await engine.reconcile();
if (mode === 'drain') {
  out('RECONCILED');
  await dispenser.close();
  db.close();
  process.exit(0);
}
out('READY');
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as CertificateCard[];
for (const card of manifest) {
  const row = journal.get(card.certificateId);
  if (row && row.state !== 'released') continue;
  out(`BEGIN ${card.certificateId}`);
  try {
    const result = await engine.handOut(card, { takeTimeoutMs: 120 });
    out(`END ${card.certificateId} ${result.outcome}`);
  } catch (error) {
    out(`END ${card.certificateId} ${error instanceof HandOutError ? error.code : `crash:${(error as Error).message}`}`);
    if (!(error instanceof HandOutError) || ['jammed', 'dispenser-busy', 'bin-full', 'dispenser-unavailable', 'unknown'].includes(error.code)) break;
  }
}
out('IDLE');
// Wait to be killed, as a terminal would wait for its next citizen.
setInterval(() => undefined, 60_000);
