/** 交通违法查询 (police tile): ID card → plate number → the violations → print, rate, finish. */
import type { KioskErrorCode, TrafficViolationView } from '../../../../electron/contract/kiosk-api.ts';
import { go, guarded, type MachineModel } from '../../flow/machine.ts';
import { normalisePlate, plateValid } from '../../../../electron/contract/rules/plate-number.ts';

export type TrafficState =
  | { phase: 'card' }
  | { phase: 'plate'; plate: string; invalid: boolean }
  | { phase: 'querying'; plate: string }
  | { phase: 'result'; view: TrafficViolationView }
  | { phase: 'error'; code: KioskErrorCode; resume: TrafficState };

export type TrafficAction =
  | { type: 'cardRead' }
  | { type: 'cardFailed'; code: KioskErrorCode }
  | { type: 'submit'; plate: string }
  | { type: 'loaded'; op: number; view: TrafficViolationView }
  | { type: 'failed'; op: number; code: KioskErrorCode }
  | { type: 'another' }
  | { type: 'retry' };

export const trafficStart: TrafficState = { phase: 'card' };

export const trafficReducer = guarded((model: MachineModel<TrafficState>, action: TrafficAction): MachineModel<TrafficState> => {
  const { state } = model;
  switch (action.type) {
    case 'cardRead':
      return state.phase === 'card' ? go(model, { phase: 'plate', plate: '', invalid: false }) : model;
    case 'cardFailed':
      return state.phase === 'card' ? go(model, { phase: 'error', code: action.code, resume: { phase: 'card' } }) : model;
    case 'submit': {
      if (state.phase !== 'plate') return model;
      const plate = normalisePlate(action.plate);
      return go(model, plateValid(plate) ? { phase: 'querying', plate } : { phase: 'plate', plate, invalid: true });
    }
    case 'loaded':
      return state.phase === 'querying' ? go(model, { phase: 'result', view: action.view }) : model;
    case 'failed':
      if (state.phase !== 'querying') return model;
      if (action.code === 'INVALID_PLATE_NUMBER') return go(model, { phase: 'plate', plate: state.plate, invalid: true });
      return go(model, { phase: 'error', code: action.code, resume: state });
    case 'another':
      return state.phase === 'result' ? go(model, { phase: 'plate', plate: '', invalid: false }) : model;
    case 'retry':
      return state.phase === 'error' ? go(model, state.resume) : model;
  }
});
