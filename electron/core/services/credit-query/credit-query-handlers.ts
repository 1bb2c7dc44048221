/**
 * 信用查询 · 个人: the card holder's credit record, kept in the session (never sent to the screen
 * unmasked), printed as a receipt or, where the shell reaches an OS printer, as an A4 report.
 */
import type { ReceiptPrinter } from '../../../../native/printer/receipt-printer.ts';
import type { KioskHandlers } from '../../api/dispatcher.ts';
import { fromUpstreamError } from '../../api/error-mapping.ts';
import { KioskError } from '../../api/kiosk-error.ts';
import { printLocale } from '../../printing/print-locale.ts';
import { errorMessage } from '../../util/error-message.ts';
import type { ServiceContext } from '../shared/service-context.ts';
import { buildCreditReceipt } from './credit-receipt.ts';
import { createA4PrintHandlers } from './credit-report-handlers.ts';
import { toCreditView } from './credit-views.ts';

export function creditQueryHandlers(ctx: ServiceContext): Pick<KioskHandlers, 'queryCredit' | 'printCreditReceipt' | 'printCreditReport'> {
  const { sessions, devices } = ctx.deps;
  let queriedAt: Date | undefined;
  sessions.on('ended', () => {
    queriedAt = undefined;
  });

  return {
    queryCredit: async (_request, { session }) => {
      const identity = session.identity;
      if (!identity) throw new KioskError('NO_SESSION', 'no card has been read in this session');
      try {
        const record = await ctx.deps.upstream().queryPersonalCredit({ idNumber: identity.idNumber, name: identity.name });
        ctx.stillCurrent(session);
        session.credit = record;
        queriedAt = ctx.now();
        return toCreditView(record, identity.idNumber, queriedAt);
      } catch (error) {
        if (error instanceof KioskError) throw error;
        throw fromUpstreamError(error);
      }
    },

    printCreditReceipt: async ({ jobId }, { session }) => {
      if (!session.identity || !session.credit) throw new KioskError('NO_SESSION', 'nothing to print in this session');
      const printer = devices.get<ReceiptPrinter>('printer');
      if (!printer) throw new KioskError('DEVICE_UNAVAILABLE', 'no receipt printer configured');
      const config = ctx.config;
      const bytes = buildCreditReceipt({
        record: session.credit,
        idNumber: session.identity.idNumber,
        terminalId: config.terminalId,
        locale: printLocale(config.locale),
        texts: ctx.deps.content.print,
        queriedAt: queriedAt ?? ctx.now(),
        timeZone: config.hall.timeZone,
      });
      try {
        const result = await printer.print(jobId, bytes);
        ctx.logger.info('receipt print', { sessionId: session.id, jobId, status: result.status });
        return { jobId, status: result.status, ...(result.reason ? { reason: result.reason } : {}) };
      } catch (error) {
        throw new KioskError('PRINTER_ERROR', `printing failed: ${errorMessage(error)}`);
      } finally {
        bytes.fill(0);
      }
    },

    ...createA4PrintHandlers({
      config: ctx.deps.config,
      documentPrinter: ctx.deps.documentPrinter,
      texts: ctx.deps.content.print,
      queriedAt: () => queriedAt,
      logger: ctx.logger,
    }),
  };
}
