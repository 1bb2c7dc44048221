/**
 * printServiceReceipt: the slip of a result obtained in this session, printed once per jobId
 * (the printer's job store makes a retry after a paper refill print nothing twice). Which slip a
 * document kind is comes from the services' renderers (registry.ts), not from here.
 */
import type { ReceiptPrinter } from '../../../../native/printer/receipt-printer.ts';
import type { KioskHandlers } from '../../api/dispatcher.ts';
import { KioskError } from '../../api/kiosk-error.ts';
import { errorMessage } from '../../util/error-message.ts';
import type { ServiceContext } from './service-context.ts';
import { renderSlip, type SlipRenderers } from './slip-renderers.ts';

export function printServiceHandlers(ctx: ServiceContext, renderers: SlipRenderers): Pick<KioskHandlers, 'printServiceReceipt'> {
  return {
    printServiceReceipt: async ({ jobId, document, locale }, { session }) => {
      const state = ctx.stateOf(session);
      const printer = ctx.deps.devices.get<ReceiptPrinter>('printer');
      if (!printer) throw new KioskError('DEVICE_UNAVAILABLE', 'no receipt printer configured');
      const config = ctx.config;
      // A slip is no official document: it prints in the citizen's screen language when a print pack has it.
      const slipLocale = locale ?? config.locale;
      const slip = { locale: slipLocale, texts: ctx.deps.content.print.slip(slipLocale), terminalId: config.terminalId, printedAt: ctx.now(), timeZone: config.hall.timeZone };
      let bytes: Uint8Array;
      try {
        bytes = renderSlip(renderers, { document, session, state, slip, service: ctx });
      } catch (error) {
        if (error instanceof KioskError) throw error;
        throw new KioskError('PRINTER_ERROR', `cannot lay out the slip: ${errorMessage(error)}`);
      }
      try {
        const result = await printer.print(jobId, bytes);
        ctx.logger.info('service slip print', { sessionId: session.id, jobId, kind: document.kind, status: result.status });
        return { jobId, status: result.status, ...(result.reason ? { reason: result.reason } : {}) };
      } catch (error) {
        throw new KioskError('PRINTER_ERROR', `printing failed: ${errorMessage(error)}`);
      } finally {
        bytes.fill(0);
      }
    },
  };
}
