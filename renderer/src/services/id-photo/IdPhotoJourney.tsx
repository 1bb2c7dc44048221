/** 证件照; the flow is in photo-state.ts, the camera in CameraCapture.tsx. */
import { useTranslation } from 'react-i18next';
import type { IdPhotoResult } from '../../../../electron/contract/kiosk-api.ts';
import { errorCodeOf } from '../../api/call-error.ts';
import { newJobId } from '../../flow/job-id.ts';
import { machine, plain, useStepMachine, type MachineModel, type RunningStep } from '../../flow/machine.ts';
import { BusyScreen } from '../../screens/BusyScreen.tsx';
import { type ServiceContextValue, useService, useServiceScreen } from '../service-context.tsx';
import { ReadCardStep } from '../shared/ReadCardStep.tsx';
import { ResultActions } from '../shared/ResultActions.tsx';
import { ServiceError } from '../shared/ServiceError.tsx';
import { CameraCapture } from './CameraCapture.tsx';
import { photoReducer, photoStart, type PhotoAction, type PhotoState } from './photo-state.ts';

const step = ({ api }: ServiceContextValue) => (model: MachineModel<PhotoState>): RunningStep<PhotoAction> | null => {
  const { state, op } = model;
  if (state.phase !== 'uploading') return null;
  return plain(
    api.uploadIdPhoto({ submissionId: state.submissionId, photoJpeg: state.photo }).then(
      (result): PhotoAction => ({ type: 'uploaded', op, result }),
      (error: unknown): PhotoAction => ({ type: 'failed', op, code: errorCodeOf(error) }),
    ),
  );
};

export default function IdPhotoJourney() {
  const ctx = useService();
  const { t } = useTranslation();
  const [model, dispatch] = useStepMachine(photoReducer, machine(photoStart), step(ctx));
  const { state } = model;
  useServiceScreen(`photo-${state.phase}`, state.phase === 'uploading');

  const title = t('photo.title');
  switch (state.phase) {
    case 'card':
      return (
        <ReadCardStep key={model.op} kicker={title} onRead={() => dispatch({ type: 'cardRead' })} onFail={(code) => dispatch({ type: 'cardFailed', code })} onBack={ctx.home} />
      );
    case 'camera':
      return (
        <CameraCapture
          onCapture={(photo) => dispatch({ type: 'captured', photo })}
          onUnavailable={(reason) => dispatch({ type: 'cameraUnavailable', reason })}
          onBack={ctx.home}
        />
      );
    case 'noCamera':
      return (
        <section className="screen screen-center" data-testid="no-camera" data-reason={state.reason} aria-labelledby="no-camera-title">
          <span className="error-mark" aria-hidden="true">
            !
          </span>
          <h1 id="no-camera-title" className="screen-title">
            {t('photo.noCameraTitle')}
          </h1>
          <p className="error-message" role="alert">
            {t(`photo.noCamera.${state.reason}`)}
          </p>
          <div className="actions">
            <button type="button" className="btn btn-primary" data-testid="retry-button" onClick={() => dispatch({ type: 'retake' })}>
              {t('actions.retry')}
            </button>
            <button type="button" className="btn btn-secondary" data-testid="home-button" onClick={ctx.home}>
              {t('actions.home')}
            </button>
          </div>
        </section>
      );
    case 'preview':
      return (
        <section className="screen screen-center" data-testid="photo-preview" aria-labelledby="photo-preview-title">
          <p className="screen-kicker">{title}</p>
          <h1 id="photo-preview-title" className="screen-title">
            {t('photo.previewTitle')}
          </h1>
          <img className="photo-preview" src={state.photo} alt={t('photo.previewAlt')} data-testid="photo-image" draggable={false} />
          <div className="actions">
            <button type="button" className="btn btn-secondary" data-testid="retake-button" onClick={() => dispatch({ type: 'retake' })}>
              {t('photo.retake')}
            </button>
            <button type="button" className="btn btn-primary" data-testid="use-photo" onClick={() => dispatch({ type: 'use', submissionId: newJobId() })}>
              {t('photo.use')}
            </button>
          </div>
        </section>
      );
    case 'uploading':
      return <BusyScreen testId="busy" title={title} message={t('photo.uploading')} />;
    case 'error':
      return <ServiceError code={state.code} onRetry={() => dispatch({ type: 'retry' })} />;
    case 'result':
      return <PhotoResult result={state.result} onRetake={() => dispatch({ type: 'retake' })} />;
  }
}

function PhotoResult({ result, onRetake }: { result: IdPhotoResult; onRetake(): void }) {
  const { t } = useTranslation();
  return (
    <section className="screen" data-testid="photo-result" data-accepted={result.accepted} aria-labelledby="photo-result-title">
      <p className="screen-kicker">{t('photo.title')}</p>
      <h1 id="photo-result-title" className="screen-title">
        <span aria-hidden="true">{result.accepted ? '✓ ' : '! '}</span>
        {result.accepted ? t('photo.accepted') : t('photo.refused')}
      </h1>
      {result.accepted && (
        <div className="panel">
          <dl className="record-meta">
            <div>
              <dt>{t('photo.receiptNo')}</dt>
              <dd className="mono" data-testid="photo-receipt-no">
                {result.receiptNo}
              </dd>
            </div>
          </dl>
          <p data-speak="">{t('photo.receiptHint')}</p>
        </div>
      )}
      <ul className="checks">
        {result.checks.map((c) => (
          <li key={c.check} className={c.passed ? 'check-ok' : 'check-bad'} data-testid={`check-${c.check}`} data-passed={c.passed}>
            <span aria-hidden="true">{c.passed ? '✓ ' : '✗ '}</span>
            {t(`photo.check.${c.check}`)}: {c.passed ? t('photo.checkOk') : t('photo.checkBad')}
          </li>
        ))}
      </ul>
      {result.accepted ? (
        <ResultActions
          print={{ kind: 'id-photo' }}
          {...(result.resultUrl ? { phoneUrl: result.resultUrl } : {})}
          evaluation={{ serviceId: 'id-photo', transactionId: result.receiptNo }}
        />
      ) : (
        <div className="actions">
          <button type="button" className="btn btn-primary" data-testid="retake-button" onClick={onRetake}>
            {t('photo.retake')}
          </button>
        </div>
      )}
    </section>
  );
}
