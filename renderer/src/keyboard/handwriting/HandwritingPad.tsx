/**
 * 手写: the handwriting pad of the on-screen keyboard, a chunk of its own loaded when a citizen
 * first switches a Chinese field to handwriting. One finger writes (a second touch is ignored);
 * after each stroke the strokes so far go to the core's recogniser (debounced, so a quick hand
 * sends once) and the candidates appear above the pad; tapping one puts it into the field and
 * clears the pad for the next character. An answer that arrives after the strokes changed is
 * dropped. The strokes live only in this component: leaving the keyboard discards them.
 */
import { useCallback, useEffect, useRef, useState, type PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { HANDWRITING_BOX } from '../../../../electron/contract/rules/handwriting-limits.ts';
import { useKioskApi } from '../../api/api-context.ts';
import { errorCodeOf } from '../../api/call-error.ts';
import { drawStrokes } from '../../components/signature-strokes.ts';
import { canStartStroke, extendStroke, toPadPoint, type PadStroke } from './pad-strokes.ts';

/** Long enough to let a quick second stroke start, short enough to feel immediate. */
const RECOGNISE_DEBOUNCE_MS = 120;
const CANDIDATES = 10;
const BOX = { width: HANDWRITING_BOX, height: HANDWRITING_BOX };
const RECOGNITION_MEASURE = 'handwriting-recognition';

type Recognition =
  | { status: 'idle' }
  | { status: 'recognising'; candidates: string[] }
  | { status: 'ready'; candidates: string[] }
  | { status: 'failed'; code: string };

interface HandwritingPadProps {
  onPick(character: string): void;
  testId: string;
}

export default function HandwritingPad({ onPick, testId }: HandwritingPadProps) {
  const { t } = useTranslation();
  const api = useKioskApi();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [strokes, setStrokes] = useState<PadStroke[]>([]);
  const [recognition, setRecognition] = useState<Recognition>({ status: 'idle' });
  const drawing = useRef<{ pointerId: number; points: PadStroke } | null>(null);
  /** Bumped whenever the strokes change: an answer for older strokes is dropped. */
  const generation = useRef(0);

  const redraw = useCallback((all: readonly PadStroke[]) => {
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx) return;
    ctx.clearRect(0, 0, el.width, el.height);
    drawStrokes(ctx, all.map((s) => s.map(([x, y]) => ({ x, y }))), BOX, { width: el.width, height: el.height }, 14);
  }, []);

  useEffect(() => {
    redraw(strokes);
    const mine = ++generation.current;
    if (strokes.length === 0) {
      setRecognition({ status: 'idle' });
      return;
    }
    setRecognition((before) => ({ status: 'recognising', candidates: before.status === 'ready' || before.status === 'recognising' ? before.candidates : [] }));
    const timer = setTimeout(() => {
      const start = performance.now();
      api.recogniseHandwriting({ strokes, limit: CANDIDATES }).then(
        ({ candidates }) => {
          // Observed by bench/handwriting-accuracy.ts: the round trip through the IPC to the helper.
          // Only the latest is kept, so a day of writing does not fill the performance timeline.
          performance.clearMeasures(RECOGNITION_MEASURE);
          performance.measure(RECOGNITION_MEASURE, { start });
          if (mine === generation.current) setRecognition({ status: 'ready', candidates });
        },
        (error: unknown) => mine === generation.current && setRecognition({ status: 'failed', code: errorCodeOf(error) }),
      );
    }, RECOGNISE_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [strokes, redraw, api]);

  // Nothing written outlives the pad.
  useEffect(
    () => () => {
      generation.current += 1;
      drawing.current = null;
    },
    [],
  );

  const pick = (character: string): void => {
    onPick(character);
    setStrokes([]);
  };
  const retry = (): void => setStrokes((all) => [...all]);

  const candidates = recognition.status === 'ready' || recognition.status === 'recognising' ? recognition.candidates : [];
  const toPad = (event: PointerEvent<HTMLCanvasElement>) => toPadPoint(event.clientX, event.clientY, event.currentTarget.getBoundingClientRect());

  return (
    <div className="handwriting" data-testid={`${testId}-handwriting`}>
      <div className="candidates" data-testid={`${testId}-candidates`} role="group" aria-label={t('keyboard.candidates')} aria-busy={recognition.status === 'recognising'}>
        {candidates.map((c) => (
          <button key={c} type="button" className="key key-candidate" data-candidate={c} onClick={() => pick(c)}>
            {c}
          </button>
        ))}
        {recognition.status === 'idle' && <span className="muted">{t('keyboard.handwritingHint')}</span>}
        {recognition.status === 'recognising' && candidates.length === 0 && (
          <span className="muted" data-testid={`${testId}-handwriting-recognising`}>
            {t('keyboard.handwritingRecognising')}
          </span>
        )}
        {recognition.status === 'ready' && candidates.length === 0 && <span className="muted">{t('keyboard.handwritingNoMatch')}</span>}
        {recognition.status === 'failed' && (
          <>
            <span className="muted" role="alert" data-testid={`${testId}-handwriting-failed`}>
              {recognition.code === 'HANDWRITING_UNAVAILABLE' ? t('errors.HANDWRITING_UNAVAILABLE') : t('keyboard.handwritingFailed')}
            </span>
            <button type="button" className="key key-wide" onClick={retry}>
              {t('keyboard.handwritingRetry')}
            </button>
          </>
        )}
      </div>
      <div className="handwriting-body">
        <canvas
          ref={canvas}
          className="handwriting-pad"
          width={600}
          height={600}
          role="img"
          aria-label={t('keyboard.handwritingArea')}
          data-testid={`${testId}-handwriting-pad`}
          data-strokes={strokes.length}
          onPointerDown={(event) => {
            if (drawing.current !== null || !canStartStroke(strokes)) return; // one finger at a time
            event.currentTarget.setPointerCapture(event.pointerId);
            drawing.current = { pointerId: event.pointerId, points: [toPad(event)] };
            generation.current += 1; // a new stroke makes any answer on its way stale
          }}
          onPointerMove={(event) => {
            const current = drawing.current;
            if (current === null || current.pointerId !== event.pointerId) return;
            const before = current.points.at(-1);
            if (!extendStroke(current.points, toPad(event), strokes) || !before) return;
            const el = canvas.current;
            const ctx = el?.getContext('2d');
            const after = current.points.at(-1) ?? before;
            if (ctx && el) drawStrokes(ctx, [[{ x: before[0], y: before[1] }, { x: after[0], y: after[1] }]], BOX, { width: el.width, height: el.height }, 14);
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
        <div className="handwriting-actions">
          <button
            type="button"
            className="key key-wide"
            data-testid={`${testId}-handwriting-undo`}
            disabled={strokes.length === 0}
            onClick={() => setStrokes((all) => all.slice(0, -1))}
          >
            {t('keyboard.handwritingUndo')}
          </button>
          <button type="button" className="key key-wide" data-testid={`${testId}-handwriting-clear`} disabled={strokes.length === 0} onClick={() => setStrokes([])}>
            {t('keyboard.handwritingClear')}
          </button>
        </div>
      </div>
    </div>
  );
}
