/**
 * Signature on the touch screen: one finger (a second touch is ignored), strokes kept as points,
 * exported as a PNG data URL of a fixed 600×200 size, white background, black ink.
 */
import { useCallback, useEffect, useRef, useState, type PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { drawStrokes, hasSignature, type Point, type Stroke } from './signature-strokes.ts';

/** Pad units: strokes are recorded in this coordinate space whatever the on-screen size. */
const PAD = { width: 900, height: 300 };
const EXPORT = { width: 600, height: 200 };
const MAX_DATA_URL = 48 * 1024;

interface SignaturePadProps {
  onChange(signed: boolean): void;
  /** Gets the export function once mounted. */
  exportRef: { current: (() => string | null) | null };
}

export function SignaturePad({ onChange, exportRef }: SignaturePadProps) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [strokes, setStrokes] = useState<Stroke[]>([]);
  const drawing = useRef<{ pointerId: number; points: Point[] } | null>(null);

  const redraw = useCallback((all: readonly Stroke[]) => {
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx) return;
    ctx.clearRect(0, 0, el.width, el.height);
    drawStrokes(ctx, all, PAD, { width: el.width, height: el.height }, 6);
  }, []);

  useEffect(() => {
    redraw(strokes);
    onChange(hasSignature(strokes));
  }, [strokes, redraw, onChange]);

  useEffect(() => {
    exportRef.current = () => {
      if (!hasSignature(strokes)) return null;
      const out = document.createElement('canvas');
      out.width = EXPORT.width;
      out.height = EXPORT.height;
      const ctx = out.getContext('2d');
      if (!ctx) return null;
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, out.width, out.height);
      drawStrokes(ctx, strokes, PAD, EXPORT, 4);
      const url = out.toDataURL('image/png');
      return url.length <= MAX_DATA_URL ? url : null;
    };
    return () => {
      exportRef.current = null;
    };
  }, [strokes, exportRef]);

  const toPad = (event: PointerEvent<HTMLCanvasElement>): Point => {
    const rect = event.currentTarget.getBoundingClientRect();
    return {
      x: ((event.clientX - rect.left) / rect.width) * PAD.width,
      y: ((event.clientY - rect.top) / rect.height) * PAD.height,
    };
  };

  return (
    <div className="signature">
      <canvas
        ref={canvas}
        className="signature-pad"
        width={PAD.width}
        height={PAD.height}
        role="img"
        aria-label={t('commitment.signatureArea')}
        data-testid="signature-pad"
        data-strokes={strokes.length}
        onPointerDown={(event) => {
          if (drawing.current !== null) return; // one finger at a time
          event.currentTarget.setPointerCapture(event.pointerId);
          drawing.current = { pointerId: event.pointerId, points: [toPad(event)] };
        }}
        onPointerMove={(event) => {
          const current = drawing.current;
          if (current === null || current.pointerId !== event.pointerId) return;
          current.points.push(toPad(event));
          const ctx = canvas.current?.getContext('2d');
          const el = canvas.current;
          if (ctx && el) drawStrokes(ctx, [current.points.slice(-2)], PAD, { width: el.width, height: el.height }, 6);
        }}
        onPointerUp={(event) => {
          const current = drawing.current;
          if (current === null || current.pointerId !== event.pointerId) return;
          drawing.current = null;
          setStrokes((all) => [...all, current.points]);
        }}
        onPointerCancel={() => {
          drawing.current = null;
          redraw(strokes);
        }}
      />
      <p className="signature-baseline muted" aria-hidden="true">
        {t('commitment.signHere')}
      </p>
      <button type="button" className="btn btn-secondary" data-testid="signature-clear" disabled={strokes.length === 0} onClick={() => setStrokes([])}>
        {t('commitment.clearSignature')}
      </button>
    </div>
  );
}
