/**
 * The camera self-test: a live preview for the engineer to check focus, framing and light. The
 * camera belongs to the screen, so what the preview finds is what the core records for it
 * (reportDeviceStatus), the same as a citizen's photo journey does. Nothing is captured.
 */
import { useCallback, useState } from 'react';
import { useCamera, type CameraFinding } from '../../camera/use-camera.ts';
import { useMaintenanceCall } from '../maintenance-context.ts';
import { useMaintenanceT } from '../maintenance-i18n.ts';

export function CameraPreview({ onClose, onReported }: { onClose(): void; onReported(): void }) {
  const { t } = useMaintenanceT();
  const call = useMaintenanceCall();
  const [finding, setFinding] = useState<CameraFinding | null>(null);
  const report = useCallback(
    (found: CameraFinding) => {
      setFinding(found);
      void call((api) => api.reportDeviceStatus({ device: 'camera', ...found })).then(onReported);
    },
    [call, onReported],
  );
  const { video, state } = useCamera(report);
  return (
    <div className="mt-panel" role="status" data-testid="mt-camera-preview" data-camera={state.kind}>
      {state.kind === 'unavailable' ? (
        <p className="mt-big">{t(`selfTest.camera.${state.reason}`)}</p>
      ) : (
        <video ref={video} className="mt-camera-video" muted playsInline aria-label={t('selfTest.camera.preview')} />
      )}
      {finding?.label && <p className="mt-muted mono">{finding.label}</p>}
      {finding?.reason && <p className="mt-muted mono">{finding.reason}</p>}
      <button type="button" className="btn btn-secondary" data-testid="mt-camera-close" onClick={onClose}>
        {t('common.done')}
      </button>
    </div>
  );
}
