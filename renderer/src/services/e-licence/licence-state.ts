/**
 * 扫码亮证: the citizen shows the e-licence code from the provincial app; the terminal's scanner
 * reads it (scanELicence, the core waits and verifies) or a keyboard-wedge scanner types it
 * (verifyELicence). A terminal without a serial/HID scanner still works through the wedge.
 */
import type { ELicenceView, KioskErrorCode } from '../../../../electron/contract/kiosk-api.ts';
import { go, guarded, type MachineModel } from '../../flow/machine.ts';

export type LicenceState =
  /** `scanner`: the core's scanner is being asked (false once it reported itself unavailable). */
  | { phase: 'waiting'; scanner: boolean }
  | { phase: 'verifying'; code: string }
  | { phase: 'result'; view: ELicenceView }
  | { phase: 'error'; code: KioskErrorCode };

export type LicenceAction =
  | { type: 'scanned'; op: number; view: ELicenceView }
  | { type: 'wedge'; code: string }
  | { type: 'verified'; op: number; view: ELicenceView }
  | { type: 'failed'; op: number; code: KioskErrorCode }
  | { type: 'again' };

export const licenceStart: LicenceState = { phase: 'waiting', scanner: true };

export const licenceReducer = guarded((model: MachineModel<LicenceState>, action: LicenceAction): MachineModel<LicenceState> => {
  const { state } = model;
  switch (action.type) {
    case 'scanned':
      return state.phase === 'waiting' ? go(model, { phase: 'result', view: action.view }) : model;
    case 'wedge':
      return state.phase === 'waiting' ? go(model, { phase: 'verifying', code: action.code }) : model;
    case 'verified':
      return state.phase === 'verifying' ? go(model, { phase: 'result', view: action.view }) : model;
    case 'failed':
      // No scanner on this terminal: keep waiting for a wedge scan instead of failing the citizen.
      if (state.phase === 'waiting' && action.code === 'DEVICE_UNAVAILABLE') return go(model, { phase: 'waiting', scanner: false });
      return state.phase === 'waiting' || state.phase === 'verifying' ? go(model, { phase: 'error', code: action.code }) : model;
    case 'again':
      return state.phase === 'error' || state.phase === 'result' ? go(model, licenceStart) : model;
  }
});
