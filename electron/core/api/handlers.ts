/**
 * The core's implementation of every KioskApi method. Handlers receive validated requests (the
 * dispatcher applied the zod schema); personal data stays in the SessionStore and only masked
 * views go back to the screen.
 */
import type { IdCardReader } from '../../../native/idcard/idcard-reader.ts';
import type { ReceiptPrinter } from '../../../native/printer/receipt-printer.ts';
import type { ShellKind } from '../../contract/kiosk-api.ts';
import type { MaintenanceMethod } from '../../contract/maintenance-schemas.ts';
import type { TerminalConfig } from '../config/config-schema.ts';
import type { DeviceManager } from '../devices/device-manager.ts';
import { ScreenReportedCamera } from '../devices/screen-reported-camera.ts';
import type { Logger } from '../logging/logger.ts';
import { buildCreditReceipt } from '../printing/credit-receipt.ts';
import { serviceTiles, type ServiceCatalogue } from '../services/service-catalogue.ts';
import type { ActiveSession, SessionStore } from '../session/session-store.ts';
import type { UpstreamClient } from '../upstream/upstream-client.ts';
import type { DocumentPrinter } from '../documents/document-printer.ts';
import { a4PrintingAvailable, createA4PrintHandlers } from './a4-print-handlers.ts';
import { toCreditView, toIdCardView } from './credit-views.ts';
import type { KioskHandlers } from './dispatcher.ts';
import { fromIdCardError, fromUpstreamError } from './error-mapping.ts';
import { KioskError } from './kiosk-error.ts';
import { printLocale } from '../printing/print-locale.ts';
import { createOutboxHandlers, type OutboxHandlerDeps } from './outbox-handlers.ts';
import { createServiceHandlers, type ServiceHandlerDeps } from './service-handlers.ts';

/** The citizen services' deps (content, submission sink, event emitter) come with ServiceHandlerDeps. */
export interface HandlerDeps extends ServiceHandlerDeps {
  config: () => TerminalConfig;
  version: string;
  shell: ShellKind;
  catalogue: ServiceCatalogue;
  devices: DeviceManager;
  sessions: SessionStore;
  upstream: () => UpstreamClient;
  logger: Logger;
  /** 好差评 and the network state (outbox-handlers.ts). */
  outbox: OutboxHandlerDeps;
  /** The shell's way to the OS printer for A4 documents (a4-print-handlers.ts). */
  documentPrinter?: DocumentPrinter;
}

/** Every method but maintenance's (core/maintenance/maintenance-handlers.ts, merged by kiosk-core). */
export function createHandlers(deps: HandlerDeps): Omit<KioskHandlers, MaintenanceMethod> {
  const { devices, sessions, logger } = deps;
  let cardRead: AbortController | undefined;
  let queriedAt: Date | undefined;

  sessions.on('ended', () => {
    cardRead?.abort();
    cardRead = undefined;
    queriedAt = undefined;
  });

  const requireSession = (): ActiveSession => {
    const session = sessions.current();
    if (!session) throw new KioskError('NO_SESSION', 'no active session');
    sessions.touch();
    return session;
  };

  return {
    getTerminalInfo: () => {
      const config = deps.config();
      return {
        terminalId: config.terminalId,
        version: deps.version,
        shell: deps.shell,
        locale: config.locale,
        services: serviceTiles(deps.catalogue, config.services.enabled, (d) => devices.isReady(d)),
        timeouts: {
          inactivitySeconds: config.timeouts.inactivitySeconds,
          warningSeconds: config.timeouts.warningSeconds,
          idCardReadSeconds: config.timeouts.idCardReadSeconds,
        },
        a4Printing: a4PrintingAvailable(config, deps.documentPrinter),
      };
    },

    startSession: () => {
      const session = sessions.start();
      logger.info('session started', { sessionId: session.id });
      return { sessionId: session.id, startedAt: session.startedAt.toISOString() };
    },

    extendSession: () => {
      const session = requireSession();
      return { sessionId: session.id, startedAt: session.startedAt.toISOString() };
    },

    endSession: ({ reason }) => {
      const ended = sessions.end(reason);
      if (ended) logger.info('session ended', { sessionId: ended.sessionId, reason });
      return { wiped: true };
    },

    readIdCard: async ({ timeoutMs }) => {
      const session = requireSession();
      const reader = devices.get<IdCardReader>('idCard');
      if (!reader || !devices.isReady('idCard')) {
        throw new KioskError('DEVICE_UNAVAILABLE', `id card reader is ${devices.status('idCard')?.state ?? 'absent'}`);
      }
      cardRead?.abort();
      const controller = new AbortController();
      cardRead = controller;
      try {
        const card = await reader.readCard({ timeoutMs, signal: controller.signal });
        if (sessions.current() !== session) {
          // The session ended while the card was being read: the data belongs to nobody now.
          card.photoWlt.fill(0);
          throw new KioskError('NO_SESSION', 'session ended during card read');
        }
        session.identity = card;
        session.credit = undefined;
        sessions.touch();
        logger.info('card read', { sessionId: session.id, cardType: card.cardType });
        return toIdCardView(card);
      } catch (error) {
        if (error instanceof KioskError) throw error;
        throw fromIdCardError(error);
      } finally {
        if (cardRead === controller) cardRead = undefined;
      }
    },

    cancelIdCardRead: () => {
      const had = cardRead !== undefined;
      cardRead?.abort();
      cardRead = undefined;
      return { cancelled: had };
    },

    queryCredit: async () => {
      const session = requireSession();
      const identity = session.identity;
      if (!identity) throw new KioskError('NO_SESSION', 'no card has been read in this session');
      try {
        const record = await deps.upstream().queryPersonalCredit({ idNumber: identity.idNumber, name: identity.name });
        if (sessions.current() !== session) throw new KioskError('NO_SESSION', 'session ended during the query');
        session.credit = record;
        queriedAt = new Date();
        sessions.touch();
        return toCreditView(record, identity.idNumber, queriedAt);
      } catch (error) {
        if (error instanceof KioskError) throw error;
        throw fromUpstreamError(error);
      }
    },

    printCreditReceipt: async ({ jobId }) => {
      const session = requireSession();
      if (!session.identity || !session.credit) throw new KioskError('NO_SESSION', 'nothing to print in this session');
      const printer = devices.get<ReceiptPrinter>('printer');
      if (!printer) throw new KioskError('DEVICE_UNAVAILABLE', 'no receipt printer configured');
      const config = deps.config();
      const bytes = buildCreditReceipt({
        record: session.credit,
        idNumber: session.identity.idNumber,
        terminalId: config.terminalId,
        locale: printLocale(config.locale),
        queriedAt: queriedAt ?? new Date(),
      });
      try {
        const result = await printer.print(jobId, bytes);
        logger.info('receipt print', { sessionId: session.id, jobId, status: result.status });
        return { jobId, status: result.status, ...(result.reason ? { reason: result.reason } : {}) };
      } catch (error) {
        throw new KioskError('PRINTER_ERROR', `printing failed: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        bytes.fill(0);
      }
    },

    getDeviceStatus: () => devices.statuses(),

    reportDeviceStatus: (report) => {
      const camera = devices.get(report.device);
      if (!(camera instanceof ScreenReportedCamera)) throw new KioskError('DEVICE_UNAVAILABLE', `${report.device} is not reported by the screen`);
      const before = devices.status(report.device)?.state;
      camera.report(report);
      const status = devices.status(report.device);
      if (!status) throw new KioskError('DEVICE_UNAVAILABLE', `${report.device} is not registered`);
      // Once per change: every photo journey reports, a working camera must not flood the log.
      if (status.state !== before) {
        const level = status.state === 'ready' ? 'info' : 'warn';
        logger[level]('camera status reported by the screen', { state: status.state, ...(status.reason ? { reason: status.reason } : {}) });
      }
      return status;
    },

    ...createA4PrintHandlers({ config: deps.config, sessions, documentPrinter: deps.documentPrinter, queriedAt: () => queriedAt, logger }),
    ...createServiceHandlers(deps),
    ...createOutboxHandlers(deps.outbox),
  };
}
