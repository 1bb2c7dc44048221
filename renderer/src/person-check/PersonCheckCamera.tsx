/**
 * One try of the face check: the live camera with the head oval and guidance, reading the face a
 * few times a second until one live face has been seen close enough (and moving: a live face moves
 * a little, a held-up print does not), or the try's time is up. Frames are never stored: each goes
 * straight from the video element into the model, and only the chosen descriptor leaves.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskApi } from '../../../electron/contract/kiosk-api.ts';
import { frameDifference, isLifelike, THUMB } from '../camera/liveness.ts';
import { useCamera, type CameraFinding } from '../camera/use-camera.ts';
import { loadFaceEngine, readFace, type FaceReading } from './face-engine.ts';
import { chooseReport, guidanceFor, type Guidance } from './capture-rules.ts';
import type { CameraReport } from './person-check-state.ts';

/** How long one try watches for a face before it counts as "no face". */
export const CAPTURE_WINDOW_MS = 20_000;
/** Nobody in front of the camera at all for this long ends the try sooner. */
export const NOBODY_GIVE_UP_MS = 8_000;
const FRAME_GAP_MS = 150;
/** Motion thumbnails kept per try (32×24 grey-ish, not a picture anyone could recognise). */
const MAX_THUMBS = 12;

interface PersonCheckCameraProps {
  api: KioskApi;
  tryNumber: number;
  maxTries: number;
  testDecoder: boolean;
  onCaptured(report: CameraReport): void;
  onUnavailable(reason: 'absent' | 'denied' | 'failed'): void;
  onCancel(): void;
}

const pause = (ms: number) => new Promise<void>((resolve) => window.setTimeout(resolve, ms));

export function PersonCheckCamera({ api, tryNumber, maxTries, testDecoder, onCaptured, onUnavailable, onCancel }: PersonCheckCameraProps) {
  const { t } = useTranslation();
  const tellCore = useCallback((finding: CameraFinding) => void api.reportDeviceStatus({ device: 'camera', ...finding }).catch(() => undefined), [api]);
  const { video, state } = useCamera(tellCore);
  const [guide, setGuide] = useState<Guidance>('starting');
  const callbacks = useRef({ onCaptured, onUnavailable });
  callbacks.current = { onCaptured, onUnavailable };

  useEffect(() => {
    if (state.kind === 'unavailable') callbacks.current.onUnavailable(state.reason);
  }, [state]);

  useEffect(() => {
    if (state.kind !== 'live') return undefined;
    let stopped = false;
    const readings: FaceReading[] = [];
    const seen: Uint8ClampedArray[] = [];
    const canvas = document.createElement('canvas');
    canvas.width = THUMB.width;
    canvas.height = THUMB.height;
    const thumbs = canvas.getContext('2d', { willReadFrequently: true });
    const watch = async (): Promise<void> => {
      setGuide('loading');
      const human = await loadFaceEngine();
      let moved = false;
      const started = performance.now();
      const deadline = started + CAPTURE_WINDOW_MS;
      while (!stopped && performance.now() < deadline) {
        if (performance.now() - started > NOBODY_GIVE_UP_MS && !readings.some((r) => r.faces > 0)) break;
        const el = video.current;
        if (!el || el.videoWidth === 0) {
          await pause(FRAME_GAP_MS);
          continue;
        }
        if (thumbs) {
          thumbs.drawImage(el, 0, 0, THUMB.width, THUMB.height);
          const frame = thumbs.getImageData(0, 0, THUMB.width, THUMB.height).data;
          // Against every earlier thumbnail of this try, not only the last: on a slow terminal two
          // readings may fall on the same phase of a sway and look alike.
          if (seen.some((earlier) => isLifelike(frameDifference(earlier, frame)))) moved = true;
          if (seen.length < MAX_THUMBS) seen.push(frame);
        }
        const reading = await readFace(human, el);
        if (stopped) {
          reading.descriptor.fill(0);
          break;
        }
        readings.push(reading);
        setGuide(guidanceFor(reading, moved));
        const report = chooseReport(readings, moved, false);
        if (report) {
          callbacks.current.onCaptured(report);
          return;
        }
        await pause(FRAME_GAP_MS);
      }
      if (!stopped) callbacks.current.onCaptured(chooseReport(readings, moved, true) ?? { kind: 'no-face' });
    };
    // Models that will not load or run are the terminal's fault, not a try of the citizen's.
    watch().catch(() => {
      if (!stopped) callbacks.current.onUnavailable('failed');
    });
    return () => {
      stopped = true;
      for (const reading of readings) reading.descriptor.fill(0);
      for (const thumb of seen) thumb.fill(0);
      seen.length = 0;
      thumbs?.clearRect(0, 0, THUMB.width, THUMB.height);
      canvas.width = 0;
    };
  }, [state.kind, video]);

  return (
    <section className="screen screen-center" data-testid="person-camera" data-camera={state.kind} aria-labelledby="person-camera-title">
      <p className="screen-kicker">{t('personCheck.title')}</p>
      <h1 id="person-camera-title" className="screen-title">
        {t('personCheck.cameraInstruction')}
      </h1>
      <p className="status-text" data-testid="person-try">
        {t('personCheck.tryOf', { n: tryNumber, total: maxTries })}
      </p>
      <div className="camera-frame">
        <video ref={video} className="camera-video" muted playsInline aria-label={t('personCheck.preview')} data-testid="person-video" />
        <svg className="camera-guide" viewBox="0 0 358 441" preserveAspectRatio="xMidYMid meet" aria-hidden="true">
          <ellipse cx="179" cy="200" rx="110" ry="145" />
        </svg>
      </div>
      <p className="status-text" role="status" aria-live="polite" data-testid="person-guide" data-guide={guide}>
        {t(`personCheck.guide.${guide}`)}
      </p>
      {testDecoder && (
        <p className="field-hint" data-testid="person-test-decoder">
          {t('personCheck.testDecoder')}
        </p>
      )}
      <div className="actions">
        <button type="button" className="btn btn-secondary" data-testid="person-cancel" onClick={onCancel}>
          {t('actions.cancel')}
        </button>
      </div>
    </section>
  );
}
