/**
 * The slips printServiceReceipt can print, one renderer per PrintDocument kind. Each service folder
 * contributes the renderer of its kind(s) and electron/core/services/registry.ts assembles them,
 * so printing needs no knowledge of the services (and a new kind without a renderer does not compile).
 */
import type { PrintDocument } from '../../../contract/services/shared/service-shared.contract.ts';
import { KioskError } from '../../api/kiosk-error.ts';
import type { ActiveSession } from '../../session/session-store.ts';
import type { ServiceContext } from './service-context.ts';
import type { ServiceSessionState } from './service-session.ts';
import type { SlipContext } from './slip-frame.ts';

export type PrintKind = PrintDocument['kind'];

export interface SlipRequest<D extends PrintDocument = PrintDocument> {
  document: D;
  session: ActiveSession;
  state: ServiceSessionState;
  slip: SlipContext;
  service: ServiceContext;
}

/** ESC/POS bytes of the slip; throws a KioskError (NOT_FOUND) when the session has nothing to print. */
export type SlipRenderer<K extends PrintKind> = (request: SlipRequest<Extract<PrintDocument, { kind: K }>>) => Uint8Array;

export type SlipRenderers = { readonly [K in PrintKind]: SlipRenderer<K> };

export function renderSlip(renderers: SlipRenderers, request: SlipRequest): Uint8Array {
  // The map's type ties each kind to its renderer; TypeScript cannot follow that through the index.
  const render = renderers[request.document.kind] as SlipRenderer<PrintKind>;
  return render(request);
}

export const nothingToPrint = (what: string): KioskError => new KioskError('NOT_FOUND', `nothing to print: no ${what} in this session`);
