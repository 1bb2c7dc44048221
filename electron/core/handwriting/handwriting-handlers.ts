/** 手写: the contract's recogniseHandwriting, answered by the recogniser (validated by the dispatcher). */
import type { KioskHandlers } from '../api/dispatcher.ts';
import type { HandwritingRecogniser } from './handwriting-recogniser.ts';

export function handwritingHandlers(recogniser: HandwritingRecogniser): Pick<KioskHandlers, 'recogniseHandwriting'> {
  return {
    recogniseHandwriting: async ({ strokes, limit }) => ({ candidates: await recogniser.recognise(strokes, limit) }),
  };
}
