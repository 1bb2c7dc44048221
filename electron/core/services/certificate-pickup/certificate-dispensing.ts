/**
 * The terminal's one hand-out engine (electron/core/dispensing/) for this service: its journal in
 * the terminal database, the dispenser from the device manager, alerts on the board, and hand-outs
 * reported through the outbox with one idempotency key per certificate. Whenever the dispenser
 * (re)opens, what a crash or power cut left mid-way is reconciled before any new hand-out.
 */
import type { CardDispenser } from '../../../../native/dispenser/card-dispenser.ts';
import { CertificateDispenser, type AlertSink } from '../../dispensing/certificate-dispenser.ts';
import { HandOutJournal } from '../../dispensing/handout-journal.ts';
import { errorMessage } from '../../util/error-message.ts';
import type { ServiceContext } from '../shared/service-context.ts';
import { HANDOUT_KIND, HANDOUT_STREAM, handOutKey } from './certificate-upstream.ts';

export interface CertificateDispensing {
  engine: CertificateDispenser | undefined;
  /** Settles once the reconciliation the latest (re)open started has run. */
  reconciled(): Promise<void>;
}

export function certificateDispensing(ctx: ServiceContext): CertificateDispensing {
  const { db, devices } = ctx.deps;
  // Without the terminal database there is no journal, and without a journal no hand-out.
  if (!db) return { engine: undefined, reconciled: () => Promise.resolve() };
  const logger = ctx.logger.child('dispensing');
  const alerts: AlertSink = ctx.deps.alerts ?? {
    raise: (alert) => logger.error('dispenser alert (no alert board)', { alert: alert.id, detail: alert.detail }),
  };
  const engine = new CertificateDispenser({
    device: () => (devices.isReady('dispenser') || devices.get('dispenser')?.state.state.kind === 'error' ? devices.get<CardDispenser>('dispenser') : undefined),
    journal: new HandOutJournal(db, ctx.now),
    alerts,
    logger,
    report: async (row) => {
      await ctx.deps.sink.submit({
        stream: HANDOUT_STREAM,
        kind: HANDOUT_KIND,
        payload: { certificateId: row.certificateId, handedOutAt: row.updatedAt, detail: row.detail ?? 'taken' },
        personal: false,
        idempotencyKey: handOutKey(row.certificateId),
      });
    },
  });
  let latest: Promise<void> = Promise.resolve();
  const reconcile = () => {
    latest = latest.then(async () => {
      try {
        const { settled } = await engine.reconcile();
        if (settled.length > 0) logger.warn('interrupted hand-outs settled', { rows: settled.map((r) => `${r.certificateId}:${r.state}`) });
      } catch (error) {
        logger.warn('hand-out reconcile deferred', { error: errorMessage(error) });
      }
    });
  };
  // On each (re)open, not on the ready that follows every command.
  let previous: string | undefined;
  devices.on('status', (status) => {
    if (status.device !== 'dispenser') return;
    if (status.state === 'ready' && previous !== 'busy' && previous !== 'ready') reconcile();
    previous = status.state;
  });
  if (devices.isReady('dispenser')) reconcile();
  return { engine, reconciled: () => latest };
}
