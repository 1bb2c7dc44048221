/**
 * Out-of-service mode: a prepared notice (in both languages) or one typed on screen (Chinese with
 * the pinyin keyboard, English with the Latin one). The citizen screen shows it at once.
 */
import { useEffect, useState } from 'react';
import type { KioskErrorCode, OutOfServiceMessage, ServiceModeView } from '../../../../electron/contract/kiosk-api.ts';
import { OnScreenKeyboard } from '../../keyboard/OnScreenKeyboard.tsx';
import { AsciiKeyboard } from '../AsciiKeyboard.tsx';
import { useDateFormat } from '../../i18n/format-date.ts';
import { useMaintenanceCall, useMaintenanceLoad } from '../maintenance-context.ts';
import { MAINTENANCE_NS, useMaintenanceT } from '../maintenance-i18n.ts';
import { ErrorNote, ScreenHeader } from './parts.tsx';

const PRESETS = ['maintenance', 'printer', 'network'] as const;
type Choice = (typeof PRESETS)[number] | 'custom';
const MAX_CHARS = 200;

export function ServiceModeScreen() {
  const { t, i18n } = useMaintenanceT();
  const when = useDateFormat(i18n.language);
  const call = useMaintenanceCall();
  const loaded = useMaintenanceLoad((api) => api.getServiceMode({}));
  const [mode, setMode] = useState<ServiceModeView | null>(null);
  const [choice, setChoice] = useState<Choice>('maintenance');
  const [custom, setCustom] = useState<OutOfServiceMessage>({ 'zh-CN': '', 'en-US': '' });
  const [typing, setTyping] = useState<keyof OutOfServiceMessage | null>(null);
  const [error, setError] = useState<KioskErrorCode | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (loaded.data) setMode(loaded.data);
  }, [loaded.data]);

  // A preset is offered in both languages whatever the engineer's screen language.
  const preset = (id: (typeof PRESETS)[number]): OutOfServiceMessage => ({
    'zh-CN': i18n.getFixedT('zh-CN', MAINTENANCE_NS)(`serviceMode.presets.${id}`),
    'en-US': i18n.getFixedT('en-US', MAINTENANCE_NS)(`serviceMode.presets.${id}`),
  });
  const message = choice === 'custom' ? custom : preset(choice);

  const set = async (outOfService: boolean) => {
    setBusy(true);
    setError(null);
    const outcome = await call((api) => api.setServiceMode(outOfService ? { outOfService, message } : { outOfService }));
    setBusy(false);
    if (outcome.ok) setMode(outcome.value);
    else setError(outcome.code);
  };

  return (
    <section className="mt-screen" data-testid="mt-service">
      <ScreenHeader title={t('serviceMode.title')} />
      <ErrorNote code={loaded.error ?? error} />
      {mode && (
        <div className={`mt-panel ${mode.outOfService ? 'mt-outcome-failed' : 'mt-outcome-passed'}`} data-testid="mt-service-state" data-out-of-service={mode.outOfService}>
          <p className="mt-big">{mode.outOfService ? t('serviceMode.out') : t('serviceMode.in')}</p>
          <p className="mt-muted">
            {t('serviceMode.since', { time: when.dateTimeSeconds(mode.since) })}
            {mode.outOfService ? ` · ${t('serviceMode.by', { by: t(`serviceMode.actors.${mode.by}`) })}` : ''}
          </p>
          {mode.outOfService && (
            <>
              <p lang="zh-CN">{mode.message['zh-CN']}</p>
              <p lang="en-US">{mode.message['en-US']}</p>
            </>
          )}
        </div>
      )}
      {mode?.outOfService ? (
        <button type="button" className="btn btn-primary btn-huge" data-testid="mt-service-in" disabled={busy} onClick={() => void set(false)}>
          {t('serviceMode.leave')}
        </button>
      ) : (
        <>
          <fieldset className="mt-section">
            <legend>{t('serviceMode.message')}</legend>
            <div className="mt-choices mt-choices-column">
              {PRESETS.map((id) => (
                <button key={id} type="button" className="btn btn-secondary" aria-pressed={choice === id} data-testid={`mt-preset-${id}`} onClick={() => setChoice(id)}>
                  {t(`serviceMode.presets.${id}`)}
                </button>
              ))}
              <button type="button" className="btn btn-secondary" aria-pressed={choice === 'custom'} data-testid="mt-preset-custom" onClick={() => setChoice('custom')}>
                {t('serviceMode.custom')}
              </button>
            </div>
            {choice === 'custom' && (
              <div className="mt-toolbar">
                <button type="button" className="btn btn-secondary" onClick={() => setTyping('zh-CN')}>
                  {t('serviceMode.typeChinese')}
                </button>
                <button type="button" className="btn btn-secondary" onClick={() => setTyping('en-US')}>
                  {t('serviceMode.typeEnglish')}
                </button>
              </div>
            )}
            <p lang="zh-CN" data-testid="mt-service-preview-zh">{message['zh-CN'] || t('serviceMode.standardNotice')}</p>
            <p lang="en-US">{message['en-US'] || t('serviceMode.standardNotice')}</p>
          </fieldset>
          <button type="button" className="btn btn-primary btn-huge" data-testid="mt-service-out" disabled={busy} onClick={() => void set(true)}>
            {t('serviceMode.enter')}
          </button>
        </>
      )}
      {typing && (
        <div className="mt-modal" role="dialog" aria-modal="true" aria-label={t('serviceMode.message')}>
          <div className="mt-modal-body">
            {typing === 'zh-CN' ? (
              <OnScreenKeyboard
                label={t('serviceMode.typeChinese')}
                layout="pinyin"
                initialValue={custom['zh-CN']}
                maxLength={MAX_CHARS}
                onChange={(value) => setCustom((c) => ({ ...c, 'zh-CN': value }))}
                testId="mt-message-keyboard"
              />
            ) : (
              <AsciiKeyboard label={t('serviceMode.typeEnglish')} initialValue={custom['en-US']} onChange={(value) => setCustom((c) => ({ ...c, 'en-US': value.slice(0, MAX_CHARS) }))} />
            )}
            <div className="mt-actions">
              <button type="button" className="btn btn-primary" onClick={() => setTyping(null)}>
                {t('common.done')}
              </button>
            </div>
          </div>
        </div>
      )}
    </section>
  );
}
