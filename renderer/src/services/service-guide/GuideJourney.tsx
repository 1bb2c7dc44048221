/** 办事指南; the flow is in guide-state.ts. */
import { useTranslation } from 'react-i18next';
import type { ServiceGuide } from '../../../../electron/contract/kiosk-api.ts';
import { errorCodeOf } from '../../api/call-error.ts';
import { QrCode } from '../../components/QrCode.tsx';
import { ServiceIcon } from '../../components/ServiceIcon.tsx';
import { useLocalized } from '../../i18n/localized.ts';
import { machine, plain, useStepMachine, type MachineModel, type RunningStep } from '../../flow/machine.ts';
import { BusyScreen } from '../../screens/BusyScreen.tsx';
import { type ServiceContextValue, useService, useServiceScreen } from '../service-context.tsx';
import { PrintControl } from '../shared/PrintControl.tsx';
import { ServiceError } from '../shared/ServiceError.tsx';
import { guideReducer, guideStart, type GuideAction, type GuideState } from './guide-state.ts';

const step = ({ api }: ServiceContextValue) => (model: MachineModel<GuideState>): RunningStep<GuideAction> | null => {
  const { state, op } = model;
  const fail = (error: unknown): GuideAction => ({ type: 'failed', op, code: errorCodeOf(error) });
  if (state.phase === 'loading') return plain(api.listGuides({}).then((index): GuideAction => ({ type: 'loaded', op, index }), fail));
  if (state.phase === 'opening') return plain(api.getGuide({ guideId: state.guideId }).then((guide): GuideAction => ({ type: 'opened', op, guide }), fail));
  return null;
};

export default function GuideJourney() {
  const ctx = useService();
  const { t } = useTranslation();
  const lt = useLocalized();
  const [model, dispatch] = useStepMachine(guideReducer, machine(guideStart), step(ctx));
  const { state } = model;
  useServiceScreen(`guide-${state.phase}`, state.phase === 'loading' || state.phase === 'opening');

  const title = t('guide.title');
  switch (state.phase) {
    case 'loading':
    case 'opening':
      return <BusyScreen testId="busy" title={title} message={t('busy.loading')} />;
    case 'error':
      return <ServiceError code={state.code} onRetry={() => dispatch({ type: 'retry' })} />;
    case 'themes':
      return (
        <section className="screen" data-testid="guide-themes" aria-labelledby="guide-themes-title">
          <h1 id="guide-themes-title" className="screen-title">
            {title}
          </h1>
          <ul className="tiles">
            {state.index.themes.map((theme) => (
              <li key={theme.themeId}>
                <button type="button" className="tile" data-testid={`theme-${theme.themeId}`} onClick={() => dispatch({ type: 'theme', themeId: theme.themeId })}>
                  <ServiceIcon name={theme.icon} />
                  <span className="tile-title">{lt(theme.title)}</span>
                  {theme.description && <span className="tile-reason">{lt(theme.description)}</span>}
                </button>
              </li>
            ))}
          </ul>
          <div className="actions">
            <button type="button" className="btn btn-secondary" data-testid="back-button" onClick={ctx.home}>
              {t('nav.back')}
            </button>
          </div>
        </section>
      );
    case 'theme': {
      const theme = state.index.themes.find((th) => th.themeId === state.themeId);
      const guides = state.index.guides.filter((g) => g.themeId === state.themeId);
      return (
        <section className="screen" data-testid="guide-list" aria-labelledby="guide-list-title">
          <p className="screen-kicker">{title}</p>
          <h1 id="guide-list-title" className="screen-title">
            {lt(theme?.title)}
          </h1>
          {guides.length === 0 && <p className="muted">{t('guide.none')}</p>}
          <ul className="choice-list">
            {guides.map((g) => (
              <li key={g.guideId}>
                <button type="button" className="choice" data-testid={`guide-${g.guideId}`} onClick={() => dispatch({ type: 'open', guideId: g.guideId })}>
                  <span className="choice-title">{lt(g.title)}</span>
                  <span className="choice-meta">{lt(g.summary)}</span>
                </button>
              </li>
            ))}
          </ul>
          <div className="actions">
            <button type="button" className="btn btn-secondary" data-testid="back-button" onClick={() => dispatch({ type: 'back' })}>
              {t('nav.back')}
            </button>
          </div>
        </section>
      );
    }
    case 'guide':
      return <GuideDetail guide={state.guide} onBack={() => dispatch({ type: 'back' })} />;
  }
}

function GuideDetail({ guide, onBack }: { guide: ServiceGuide; onBack(): void }) {
  const { t } = useTranslation();
  const lt = useLocalized();
  const { services, switchService } = useService();
  const startable = guide.serviceId !== undefined && services.some((s) => s.id === guide.serviceId && s.available);
  const days = (n: number): string => (n === 0 ? t('guide.immediate') : t('guide.days', { count: n }));
  return (
    <section className="screen" data-testid="guide-detail" aria-labelledby="guide-title">
      <p className="screen-kicker">{t('guide.title')}</p>
      <h1 id="guide-title" className="screen-title">
        {lt(guide.title)}
      </h1>
      <p data-speak="">{lt(guide.summary)}</p>
      <div className="record-layout">
        <div className="guide-body">
          <section className="panel" aria-labelledby="g-materials">
            <h2 id="g-materials" className="panel-title">
              {t('guide.materials')}
            </h2>
            <ul className="guide-list">
              {guide.materials.map((m, i) => (
                <li key={i}>
                  {lt(m.name)}
                  <span className="muted">
                    {' '}
                    · {m.original ? t('guide.original') : t('guide.copy')}
                    {m.copies > 0 ? ` · ${t('guide.copies', { count: m.copies })}` : ''}
                    {m.eLicenceAccepted ? ` · ${t('guide.eLicenceAccepted')}` : ''}
                  </span>
                  {m.note && <span className="muted"> · {lt(m.note)}</span>}
                </li>
              ))}
            </ul>
          </section>
          <section className="panel" aria-labelledby="g-steps">
            <h2 id="g-steps" className="panel-title">
              {t('guide.steps')}
            </h2>
            <ol className="guide-list">
              {guide.steps.map((s, i) => (
                <li key={i}>
                  {lt(s.title)}
                  {s.detail && <span className="muted"> · {lt(s.detail)}</span>}
                </li>
              ))}
            </ol>
          </section>
          <section className="panel" aria-labelledby="g-limits">
            <h2 id="g-limits" className="panel-title">
              {t('guide.limitsAndFees')}
            </h2>
            <dl className="record-meta">
              <div>
                <dt>{t('guide.legalLimit')}</dt>
                <dd>{days(guide.timeLimit.legalDays)}</dd>
              </div>
              <div>
                <dt>{t('guide.promisedLimit')}</dt>
                <dd>
                  {days(guide.timeLimit.promisedDays)}
                  {guide.timeLimit.note && ` · ${lt(guide.timeLimit.note)}`}
                </dd>
              </div>
              <div>
                <dt>{t('guide.fees')}</dt>
                <dd data-testid="guide-fees">
                  {guide.fees.free ? t('guide.free') : guide.fees.items.map((f) => `${lt(f.name)} ${t('guide.yuan', { amount: f.amountYuan })}`).join('；')}
                  {guide.fees.note && ` · ${lt(guide.fees.note)}`}
                </dd>
              </div>
            </dl>
          </section>
          <section className="panel" aria-labelledby="g-where">
            <h2 id="g-where" className="panel-title">
              {t('guide.where')}
            </h2>
            <ul className="guide-list">
              {guide.locations.map((l, i) => (
                <li key={i}>
                  <strong>{lt(l.name)}</strong> · {lt(l.address)} · {lt(l.hours)}
                  {l.phone && ` · ${l.phone}`}
                </li>
              ))}
            </ul>
          </section>
          {guide.basis.length > 0 && (
            <section className="panel" aria-labelledby="g-basis">
              <h2 id="g-basis" className="panel-title">
                {t('guide.basis')}
              </h2>
              <ul className="guide-list">
                {guide.basis.map((b, i) => (
                  <li key={i}>{lt(b)}</li>
                ))}
              </ul>
            </section>
          )}
        </div>
        <div className="panel panel-qr">
          <QrCode value={guide.phoneUrl} label={t('guide.phoneQr')} testId="guide-qr" />
          <p className="muted">{t('guide.updatedAt', { date: guide.updatedAt })}</p>
          {/* Printing sits by the guide's QR code: when the printer cannot, the code is right here. */}
          <PrintControl document={{ kind: 'guide', guideId: guide.guideId }} />
        </div>
      </div>
      <div className="actions">
        <button type="button" className="btn btn-secondary" data-testid="back-button" onClick={onBack}>
          {t('nav.back')}
        </button>
        {startable && guide.serviceId && (
          <button type="button" className="btn btn-primary" data-testid="start-service" onClick={() => guide.serviceId && switchService(guide.serviceId)}>
            {t('guide.start')}
          </button>
        )}
      </div>
    </section>
  );
}
