/**
 * The terminal's own methods, shared by every journey: what it offers, the citizen session, the
 * ID card read into it, the devices' and the network's state. Personal data stays in the
 * SessionStore; only masked views go back to the screen.
 */
import type { IdCardReader } from '../../../native/idcard/idcard-reader.ts';
import type { ShellKind } from '../../contract/kiosk-api.ts';
import type { KioskHandlers } from '../api/dispatcher.ts';
import { fromIdCardError } from '../api/error-mapping.ts';
import { KioskError } from '../api/kiosk-error.ts';
import type { TerminalConfig } from '../config/config-schema.ts';
import type { DeviceManager } from '../devices/device-manager.ts';
import { ScreenReportedCamera } from '../devices/screen-reported-camera.ts';
import type { DocumentPrinter } from '../documents/document-printer.ts';
import type { Logger } from '../logging/logger.ts';
import type { NetworkMonitor } from '../outbox/network-monitor.ts';
import type { Outbox } from '../outbox/outbox.ts';
import { a4PrintingAvailable } from '../services/credit-query/credit-report-handlers.ts';
import { serviceTiles, type ServiceCatalogue } from '../services/shared/service-catalogue.ts';
import type { SessionStore } from '../session/session-store.ts';
import { networkStateView } from './network-state.ts';
import { toIdCardView } from './terminal-views.ts';

export type TerminalMethod =
  | 'getTerminalInfo'
  | 'startSession'
  | 'extendSession'
  | 'endSession'
  | 'readIdCard'
  | 'cancelIdCardRead'
  | 'getDeviceStatus'
  | 'reportDeviceStatus'
  | 'getNetworkState';

export interface TerminalHandlerDeps {
  config: () => TerminalConfig;
  version: string;
  shell: ShellKind;
  catalogue: ServiceCatalogue;
  devices: DeviceManager;
  sessions: SessionStore;
  logger: Logger;
  outbox: Outbox;
  monitor: NetworkMonitor;
  /** Whether A4 printing can be offered depends on the shell's way to the OS printer. */
  documentPrinter?: DocumentPrinter;
}

export function terminalHandlers(deps: TerminalHandlerDeps): Pick<KioskHandlers, TerminalMethod> {
  const { devices, sessions, logger } = deps;
  let cardRead: AbortController | undefined;

  sessions.on('ended', () => {
    cardRead?.abort();
    cardRead = undefined;
  });

  return {
    getTerminalInfo: () => {
      const config = deps.config();
      return {
        terminalId: config.terminalId,
        hall: config.hall,
        version: deps.version,
        shell: deps.shell,
        locale: config.locale,
        // Before the first answer the network is unknown: tiles stay open rather than close on a guess.
        services: serviceTiles(deps.catalogue, config.services.enabled, (d) => devices.isReady(d), deps.monitor.heard ? deps.monitor.state : 'online'),
        timeouts: {
          inactivitySeconds: config.timeouts.inactivitySeconds,
          warningSeconds: config.timeouts.warningSeconds,
          elderWarningSeconds: config.timeouts.elderWarningSeconds,
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

    extendSession: (_request, { session }) => ({ sessionId: session.id, startedAt: session.startedAt.toISOString() }),

    endSession: ({ reason }) => {
      const ended = sessions.end(reason);
      if (ended) logger.info('session ended', { sessionId: ended.sessionId, reason });
      return { wiped: true };
    },

    readIdCard: async ({ timeoutMs }, { session }) => {
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

    getNetworkState: () => networkStateView(deps.monitor, deps.outbox),
  };
}
