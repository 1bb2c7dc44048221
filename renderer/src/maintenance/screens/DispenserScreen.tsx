/**
 * The certificate dispenser for staff: the hand-outs the terminal could not finish by itself,
 * each settled with what staff found (the certificate is then never handed out again); the
 * self-test, which reads status and sensors without moving anything; and, only when staff choose
 * it and confirm, one blank test card moved from a slot into the capture bin (never the mouth).
 */
import { useState } from 'react';
import type { DispenserSelfTestView, HandOutFinding, HandOutToSettleView, KioskErrorCode } from '../../../../electron/contract/kiosk-api.ts';
import { AsciiKeyboard } from '../AsciiKeyboard.tsx';
import { useDateFormat } from '../../i18n/format-date.ts';
import { useMaintenanceCall, useMaintenanceLoad } from '../maintenance-context.ts';
import { useMaintenanceT } from '../maintenance-i18n.ts';
import { ErrorNote, ScreenHeader } from './parts.tsx';

const FINDINGS: readonly HandOutFinding[] = ['handed-out', 'in-bin', 'missing'];
const MAX_NOTE = 200;

export function DispenserScreen() {
  const { t } = useMaintenanceT();
  const rows = useMaintenanceLoad((api) => api.listHandOutsToSettle({}));
  return (
    <section className="mt-screen" data-testid="mt-dispenser">
      <ScreenHeader title={t('dispenser.title')} onRefresh={rows.reload} busy={rows.loading} />
      <ErrorNote code={rows.error} />
      <SettlePanel rows={rows.data} reload={rows.reload} />
      <SelfTestPanel />
    </section>
  );
}

function SettlePanel({ rows, reload }: { rows: HandOutToSettleView[] | null; reload(): void }) {
  const { t, i18n } = useMaintenanceT();
  const when = useDateFormat(i18n.language);
  const [open, setOpen] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <div className="mt-section" data-testid="mt-settle">
      <h2>{t('dispenser.settle.title')}</h2>
      <p className="mt-muted">{t('dispenser.settle.explain')}</p>
      {notice && (
        <p className="mt-muted" role="status" data-testid="mt-settle-notice">
          {notice}
        </p>
      )}
      {rows?.length === 0 && <p className="mt-muted">{t('dispenser.settle.empty')}</p>}
      <ul className="mt-list">
        {(rows ?? []).map((row) => (
          <li key={row.certificateId} className="mt-list-item" data-testid={`mt-settle-${row.certificateId}`} data-state={row.state}>
            <div className="mt-list-main">
              <p className="mt-big">
                <span className="mono">{row.certificateId}</span> · {t(`dispenser.settle.states.${row.state}`)}
              </p>
              <p>{t('dispenser.settle.row', { slot: row.slot, tail: row.numberTail })}</p>
              <p className="mt-muted">
                {t('dispenser.settle.since', { time: when.dateTimeSeconds(row.since) })}
                {row.detail ? ` · ${row.detail}` : ''}
              </p>
              {open === row.certificateId && (
                <SettleForm
                  row={row}
                  onCancel={() => setOpen(null)}
                  onSettled={(found) => {
                    setOpen(null);
                    setNotice(t('dispenser.settle.saved', { id: row.certificateId, found: t(`dispenser.settle.found.${found}`) }));
                    reload();
                  }}
                />
              )}
            </div>
            {open !== row.certificateId && (
              <div className="mt-list-actions">
                <button type="button" className="btn btn-secondary" data-testid="mt-settle-start" onClick={() => setOpen(row.certificateId)}>
                  {t('dispenser.settle.start')}
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

function SettleForm({ row, onCancel, onSettled }: { row: HandOutToSettleView; onCancel(): void; onSettled(found: HandOutFinding): void }) {
  const { t } = useMaintenanceT();
  const call = useMaintenanceCall();
  const [found, setFound] = useState<HandOutFinding | null>(null);
  const [typing, setTyping] = useState(false);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<KioskErrorCode | null>(null);
  const note = typing ? typed.trim() : found ? t(`dispenser.settle.notes.${found}`) : '';

  const save = async () => {
    if (!found || note === '') return;
    setBusy(true);
    setError(null);
    const outcome = await call((api) => api.settleHandOut({ certificateId: row.certificateId, found, note }));
    setBusy(false);
    if (outcome.ok) onSettled(found);
    else setError(outcome.code);
  };

  return (
    <div className="mt-panel" data-testid="mt-settle-form">
      <div className="mt-choices" role="group" aria-label={t('dispenser.settle.start')}>
        {FINDINGS.map((f) => (
          <button key={f} type="button" className="btn btn-secondary" aria-pressed={found === f} data-testid={`mt-settle-found-${f}`} onClick={() => setFound(f)}>
            {t(`dispenser.settle.found.${f}`)}
          </button>
        ))}
      </div>
      {found && (
        <>
          <p>
            {t('dispenser.settle.note')} <span data-testid="mt-settle-note">{note}</span>
          </p>
          <button type="button" className="btn btn-secondary" aria-pressed={typing} data-testid="mt-settle-type" onClick={() => setTyping((v) => !v)}>
            {t('dispenser.settle.type')}
          </button>
          {typing && <AsciiKeyboard label={t('dispenser.settle.typeLabel')} initialValue={typed} onChange={(value) => setTyped(value.slice(0, MAX_NOTE))} />}
        </>
      )}
      <ErrorNote code={error} />
      <div className="mt-actions">
        <button type="button" className="btn btn-primary" data-testid="mt-settle-save" disabled={busy || !found || note === ''} onClick={() => void save()}>
          {t('dispenser.settle.save')}
        </button>
        <button type="button" className="btn btn-secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}

function SelfTestPanel() {
  const { t } = useMaintenanceT();
  const call = useMaintenanceCall();
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<DispenserSelfTestView | null>(null);
  const [error, setError] = useState<KioskErrorCode | null>(null);
  const [slot, setSlot] = useState(1);
  const [confirming, setConfirming] = useState(false);

  const run = async (dispenseToBinSlot?: number) => {
    setRunning(true);
    setConfirming(false);
    setError(null);
    setResult(null);
    const outcome = await call((api) => api.dispenserSelfTest(dispenseToBinSlot === undefined ? {} : { dispenseToBinSlot }));
    setRunning(false);
    if (outcome.ok) setResult(outcome.value);
    else setError(outcome.code);
  };

  return (
    <div className="mt-section" data-testid="mt-dispenser-selftest">
      <h2>{t('dispenser.selfTest.title')}</h2>
      <p className="mt-muted">{t('dispenser.selfTest.explain')}</p>
      <button type="button" className="btn btn-primary" data-testid="mt-dispenser-test" disabled={running} onClick={() => void run()}>
        {running ? t('dispenser.selfTest.running') : t('dispenser.selfTest.run')}
      </button>

      <h3>{t('dispenser.testBin.title')}</h3>
      <p className="mt-warn" data-testid="mt-dispenser-bin-explain">
        {t('dispenser.testBin.explain')}
      </p>
      <div className="mt-stepper">
        <button type="button" className="btn btn-secondary" aria-label={t('dispenser.testBin.fewer')} disabled={running || slot <= 1} onClick={() => setSlot((s) => s - 1)}>
          −
        </button>
        <p className="mt-big" data-testid="mt-dispenser-slot" aria-live="polite">
          {t('dispenser.testBin.slot', { slot })}
        </p>
        <button type="button" className="btn btn-secondary" aria-label={t('dispenser.testBin.more')} data-testid="mt-dispenser-slot-more" disabled={running || slot >= 99} onClick={() => setSlot((s) => s + 1)}>
          +
        </button>
      </div>
      {confirming ? (
        <div className="mt-actions">
          <button type="button" className="btn btn-primary" data-testid="mt-dispenser-bin-confirm" disabled={running} onClick={() => void run(slot)}>
            {t('dispenser.testBin.confirm', { slot })}
          </button>
          <button type="button" className="btn btn-secondary" onClick={() => setConfirming(false)}>
            {t('dispenser.testBin.cancel')}
          </button>
        </div>
      ) : (
        <button type="button" className="btn btn-secondary" data-testid="mt-dispenser-bin" disabled={running} onClick={() => setConfirming(true)}>
          {t('dispenser.testBin.run', { slot })}
        </button>
      )}
      <ErrorNote code={error} />
      {result && <SelfTestResultPanel result={result} />}
    </div>
  );
}

function SelfTestResultPanel({ result }: { result: DispenserSelfTestView }) {
  const { t } = useMaintenanceT();
  const s = result.sensors;
  const sensorRow = (id: string, label: string, value: string, ok: boolean) => (
    <li key={id} className={`mt-fact ${ok ? 'mt-badge-ok' : 'mt-warn'}`} data-testid={`mt-sensor-${id}`} data-ok={ok}>
      <span>{label}</span>: <strong>{value}</strong> · {ok ? t('dispenser.selfTest.ok') : t('dispenser.selfTest.problem')}
    </li>
  );
  return (
    <div className={`mt-panel mt-outcome-${result.outcome === 'passed' ? 'passed' : 'failed'}`} role="status" data-testid="mt-dispenser-result" data-outcome={result.outcome}>
      <p className="mt-big">{t(`dispenser.selfTest.outcome.${result.outcome}`)}</p>
      {result.outcome === 'refused' && result.detail && <p data-testid="mt-dispenser-refusal">{t(`dispenser.selfTest.refusals.${result.detail}`, { defaultValue: result.detail })}</p>}
      {s ? (
        <ul className="mt-list">
          {sensorRow('channel', t('dispenser.selfTest.sensor.channel'), t(`dispenser.selfTest.channel.${s.channel}`), s.channel === 'empty')}
          {sensorRow('stock', t('dispenser.selfTest.sensor.stock'), t(`dispenser.selfTest.stock.${s.stock}`), s.stock === 'ok')}
          {sensorRow('bin', t('dispenser.selfTest.sensor.bin'), s.binFull ? t('dispenser.selfTest.bin.full') : t('dispenser.selfTest.bin.ok', { count: result.binCount ?? 0 }), !s.binFull)}
        </ul>
      ) : (
        <p>{t('dispenser.selfTest.unread')}</p>
      )}
      {result.testCard && (
        <p data-testid="mt-dispenser-test-card" data-in-bin={result.testCard.inBin}>
          {t('dispenser.testBin.result', { slot: result.testCard.slot, where: result.testCard.inBin ? t('dispenser.testBin.inBin') : t('dispenser.testBin.notInBin') })}
          {' · '}
          {result.testCard.readBack ? t('dispenser.testBin.readBack', { tail: result.testCard.readBack }) : t('dispenser.testBin.unreadable')}
        </p>
      )}
      {result.outcome !== 'refused' && result.detail && <p className="mt-muted">{result.detail}</p>}
      <p className="mt-muted">{t('dispenser.selfTest.duration', { ms: result.durationMs })}</p>
    </div>
  );
}
