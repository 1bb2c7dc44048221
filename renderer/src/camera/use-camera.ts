/**
 * The camera for one screen: opened on mount, every track stopped on unmount, so no frame
 * outlives the screen that shows it. Absence and refusal are told apart for the message, and
 * what was found is reported to the core, which keeps the camera's status for maintenance.
 */
import { useEffect, useRef, useState, type RefObject } from 'react';

export type CameraState = { kind: 'starting' } | { kind: 'live' } | { kind: 'unavailable'; reason: 'absent' | 'denied' | 'failed' };

/** The DOMException's name (NotFoundError…), as the core's reportDeviceStatus takes it. */
const errorName = (error: unknown): string | undefined => {
  const name = typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
  return typeof name === 'string' ? name.slice(0, 120) : undefined;
};

export function cameraFailure(error: unknown): 'absent' | 'denied' | 'failed' {
  const name = errorName(error);
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError') return 'absent';
  if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError') return 'denied';
  return 'failed';
}

/** What the screen found, as the core's reportDeviceStatus takes it. */
export interface CameraFinding {
  state: 'ready' | 'absent' | 'denied' | 'failed';
  label?: string;
  reason?: string;
}

export function useCamera(onFinding?: (finding: CameraFinding) => void): { video: RefObject<HTMLVideoElement | null>; state: CameraState } {
  const video = useRef<HTMLVideoElement | null>(null);
  const [state, setState] = useState<CameraState>({ kind: 'starting' });
  const tell = useRef(onFinding);
  tell.current = onFinding;
  useEffect(() => {
    let stream: MediaStream | null = null;
    let live = true;
    if (!navigator.mediaDevices?.getUserMedia) {
      setState({ kind: 'unavailable', reason: 'absent' });
      tell.current?.({ state: 'absent', reason: 'no-media-devices' });
      return undefined;
    }
    navigator.mediaDevices
      .getUserMedia({ audio: false, video: { facingMode: 'user', width: { ideal: 1280 }, height: { ideal: 720 } } })
      .then(async (media) => {
        if (!live) {
          media.getTracks().forEach((track) => track.stop());
          return;
        }
        stream = media;
        const label = media.getVideoTracks()[0]?.label.slice(0, 120);
        tell.current?.({ state: 'ready', ...(label ? { label } : {}) });
        const el = video.current;
        if (el) {
          el.srcObject = media;
          await el.play().catch(() => undefined);
        }
        setState({ kind: 'live' });
      })
      .catch((error: unknown) => {
        if (!live) return;
        const reason = cameraFailure(error);
        setState({ kind: 'unavailable', reason });
        const name = errorName(error);
        tell.current?.({ state: reason, ...(name ? { reason: name } : {}) });
      });
    return () => {
      live = false;
      stream?.getTracks().forEach((track) => track.stop());
      if (video.current) video.current.srcObject = null;
    };
  }, []);
  return { video, state };
}
