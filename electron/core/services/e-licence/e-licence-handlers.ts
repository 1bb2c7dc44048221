/**
 * 扫码亮证 (e-licence): a code from the terminal's scanner (through the shared ScanGate) or from
 * the renderer (camera, keyboard-wedge scanner), verified upstream. Only a valid licence of this
 * citizen is kept in the session, to stand in for paper or fill their forms.
 */
import type { KioskHandlers } from '../../api/dispatcher.ts';
import { fromServiceUpstreamError } from '../../api/error-mapping.ts';
import { KioskError } from '../../api/kiosk-error.ts';
import type { ActiveSession } from '../../session/session-store.ts';
import type { ServiceContext } from '../shared/service-context.ts';
import { verifyELicence } from './e-licence-upstream.ts';
import { licenceMatchesCard, toELicenceView } from './e-licence-views.ts';

export function eLicenceHandlers(ctx: ServiceContext): Pick<KioskHandlers, 'scanELicence' | 'verifyELicence'> {
  const verify = async (code: string, session: ActiveSession) => {
    const state = ctx.stateOf(session);
    const text = code.trim();
    if (text === '' || text.length > 1024) throw new KioskError('LICENCE_INVALID', 'the code is empty or too long to be an e-licence code');
    try {
      const record = await verifyELicence(ctx.upstream(), text, { signal: state.abort.signal });
      ctx.stillCurrent(session);
      const matches = licenceMatchesCard(record, session.identity);
      const keep = record.status === 'valid' && matches !== false;
      if (keep) state.licences.set(record.licenceType, record);
      ctx.logger.info('e-licence verified', { sessionId: session.id, licenceType: record.licenceType, status: record.status, matches, kept: keep });
      return toELicenceView(record, matches, keep, ctx.now());
    } catch (error) {
      throw fromServiceUpstreamError(error, 'LICENCE_INVALID');
    }
  };

  return {
    scanELicence: async ({ timeoutMs }, { session }) => {
      const state = ctx.stateOf(session);
      const code = await ctx.scanGate.next({ timeoutMs, session: state.abort.signal, accept: (text) => text, refusal: 'undecodable' });
      ctx.stillCurrent(session);
      return verify(code, session);
    },

    verifyELicence: ({ code }, { session }) => verify(code, session),
  };
}
