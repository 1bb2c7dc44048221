/**
 * The camera preview with a framing guide (head oval and shoulder line), a liveness hint and the
 * capture button. Nothing is recorded: frames are only drawn when the citizen taps capture.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { frameDifference, isLifelike, THUMB } from '../../camera/liveness.ts';
import { capturePhoto } from './photo-crop.ts';
import { useService } from '../service-context.tsx';
import { useCamera, type CameraFinding } from '../../camera/use-camera.ts';

interface CameraCaptureProps {
  onCapture(jpegDataUrl: string): void;
  onUnavailable(reason: 'absent' | 'denied' | 'failed'): void;
  onBack(): void;
}

export function CameraCapture({ onCapture, onUnavailable, onBack }: CameraCaptureProps) {
  const { t } = useTranslation();
  const { api } = useService();
  // Fire and forget: the citizen's journey never waits on, or fails because of, bookkeeping.
  const tellCore = useCallback((finding: CameraFinding) => void api.reportDeviceStatus({ device: 'camera', ...finding }).catch(() => undefined), [api]);
  const { video, state } = useCamera(tellCore);
  const [lifelike, setLifelike] = useState(false);
  const [failed, setFailed] = useState(false);
  const report = useRef(onUnavailable);
  report.current = onUnavailable;

  useEffect(() => {
    if (state.kind === 'unavailable') report.current(state.reason);
  }, [state]);

  // Twice a second: is the picture that of someone alive?
  useEffect(() => {
    if (state.kind !== 'live') return undefined;
    const canvas = document.createElement('canvas');
    canvas.width = THUMB.width;
    canvas.height = THUMB.height;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    let previous: Uint8ClampedArray | null = null;
    const id = window.setInterval(() => {
      const el = video.current;
      if (!ctx || !el || el.videoWidth === 0) return;
      ctx.drawImage(el, 0, 0, THUMB.width, THUMB.height);
      const frame = ctx.getImageData(0, 0, THUMB.width, THUMB.height).data;
      if (previous && isLifelike(frameDifference(previous, frame))) setLifelike(true);
      previous = frame;
    }, 500);
    return () => window.clearInterval(id);
  }, [state.kind, video]);

  return (
    <section className="screen screen-center" data-testid="camera" data-camera={state.kind} aria-labelledby="camera-title">
      <p className="screen-kicker">{t('photo.title')}</p>
      <h1 id="camera-title" className="screen-title">
        {t('photo.instruction')}
      </h1>
      <div className="camera-frame">
        <video ref={video} className="camera-video" muted playsInline aria-label={t('photo.preview')} data-testid="camera-video" />
        <svg className="camera-guide" viewBox="0 0 358 441" preserveAspectRatio="xMidYMid meet" aria-hidden="true">
          <ellipse cx="179" cy="180" rx="95" ry="125" />
          <path d="M40 441 C60 350 120 330 179 330 C238 330 298 350 318 441" />
        </svg>
      </div>
      <p className="status-text" role="status" aria-live="polite" data-testid="liveness-hint" data-lifelike={lifelike}>
        {state.kind === 'starting' ? t('photo.starting') : lifelike ? `✓ ${t('photo.liveOk')}` : t('photo.liveHint')}
      </p>
      {failed && (
        <p className="field-error" role="alert">
          {t('photo.captureFailed')}
        </p>
      )}
      <div className="actions">
        <button type="button" className="btn btn-secondary" data-testid="back-button" onClick={onBack}>
          {t('nav.back')}
        </button>
        <button
          type="button"
          className="btn btn-primary"
          data-testid="capture-button"
          disabled={state.kind !== 'live'}
          onClick={() => {
            const photo = video.current ? capturePhoto(video.current) : null;
            if (photo === null) setFailed(true);
            else onCapture(photo);
          }}
        >
          {t('photo.capture')}
        </button>
      </div>
    </section>
  );
}
