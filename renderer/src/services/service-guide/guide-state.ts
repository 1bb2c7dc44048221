/**
 * 办事指南: themes (一件事一次办) → the theme's guides → a guide (materials, steps, time limits,
 * fees, where to go) with a QR code to take it to the phone, printing, and, when this terminal
 * does the matter itself, a button that starts it. No personal data anywhere here.
 */
import type { GuideIndex, KioskErrorCode, ServiceGuide } from '../../../../electron/contract/kiosk-api.ts';
import { go, guarded, type MachineModel } from '../../flow/machine.ts';

export type GuideState =
  | { phase: 'loading' }
  | { phase: 'themes'; index: GuideIndex }
  | { phase: 'theme'; index: GuideIndex; themeId: string }
  | { phase: 'opening'; index: GuideIndex; themeId: string; guideId: string }
  | { phase: 'guide'; index: GuideIndex; themeId: string; guide: ServiceGuide }
  | { phase: 'error'; code: KioskErrorCode; resume: GuideState };

export type GuideAction =
  | { type: 'loaded'; op: number; index: GuideIndex }
  | { type: 'theme'; themeId: string }
  | { type: 'open'; guideId: string }
  | { type: 'opened'; op: number; guide: ServiceGuide }
  | { type: 'failed'; op: number; code: KioskErrorCode }
  | { type: 'back' }
  | { type: 'retry' };

export const guideStart: GuideState = { phase: 'loading' };

export const guideReducer = guarded((model: MachineModel<GuideState>, action: GuideAction): MachineModel<GuideState> => {
  const { state } = model;
  switch (action.type) {
    case 'loaded':
      return state.phase === 'loading' ? go(model, { phase: 'themes', index: action.index }) : model;
    case 'theme':
      return state.phase === 'themes' && state.index.themes.some((th) => th.themeId === action.themeId)
        ? go(model, { phase: 'theme', index: state.index, themeId: action.themeId })
        : model;
    case 'open':
      return state.phase === 'theme' ? go(model, { phase: 'opening', index: state.index, themeId: state.themeId, guideId: action.guideId }) : model;
    case 'opened':
      return state.phase === 'opening' ? go(model, { phase: 'guide', index: state.index, themeId: state.themeId, guide: action.guide }) : model;
    case 'failed':
      return state.phase === 'loading' || state.phase === 'opening' ? go(model, { phase: 'error', code: action.code, resume: state }) : model;
    case 'back':
      if (state.phase === 'guide') return go(model, { phase: 'theme', index: state.index, themeId: state.themeId });
      if (state.phase === 'theme') return go(model, { phase: 'themes', index: state.index });
      return model;
    case 'retry':
      return state.phase === 'error' ? go(model, state.resume) : model;
  }
});
