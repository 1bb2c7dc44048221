/**
 * Builds the KioskApi object the preload exposes. Written out per method so `satisfies KioskApi`
 * checks every signature. Imports only channels.ts at runtime: the sandboxed preload bundle must
 * stay free of zod and of anything Node.
 */
import { EVENT_CHANNEL, methodChannel, type KioskEventName, type KioskMethod } from '../../../contract/channels.ts';
import type {
  KioskApi,
  KioskCallError,
  KioskErrorCode,
  KioskEvents,
  KioskResponse,
  KioskResults,
  Unsubscribe,
} from '../../../contract/kiosk-api.ts';
import type { KioskRequestInput } from '../../../contract/schemas.ts';
import type { IpcEventMessage } from '../main/ipc-registry.ts';

/** What the bridge needs from ipcRenderer; never handed to the page itself. */
export interface BridgeTransport {
  invoke(channel: string, payload: unknown): Promise<unknown>;
  /** Subscribes to EVENT_CHANNEL; the listener receives only the message, never the IPC event. */
  subscribe(channel: string, listener: (message: unknown) => void): Unsubscribe;
}

/**
 * contextBridge copies only an Error's message to the page (custom properties are dropped), so
 * the code also leads the message: `[KIOSK:NO_SESSION] …`. The page reads `.code` when present
 * and falls back to parsing this prefix.
 */
export const ERROR_MESSAGE_PREFIX = '[KIOSK:';

export function createKioskCallError(code: KioskErrorCode, message: string): KioskCallError {
  const error = new Error(`${ERROR_MESSAGE_PREFIX}${code}] ${message}`) as KioskCallError;
  error.name = 'KioskCallError';
  error.code = code;
  return error;
}

/**
 * A main process that took a call and then hung must not hold the page on a waiting screen for
 * ever: past the call's own timeoutMs plus this grace, the call fails with INTERNAL.
 */
const ANSWER_GRACE_MS = 30_000;

export function createKioskApi(transport: BridgeTransport, options: { answerGraceMs?: number } = {}): KioskApi {
  const answerGraceMs = options.answerGraceMs ?? ANSWER_GRACE_MS;
  async function invoke(method: KioskMethod, request: unknown): Promise<unknown> {
    const ownTimeout = (request as { timeoutMs?: unknown } | undefined)?.timeoutMs;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(createKioskCallError('INTERNAL', `no answer from the terminal core to ${method}`)),
        (typeof ownTimeout === 'number' ? ownTimeout : 0) + answerGraceMs,
      );
    });
    try {
      return await Promise.race([transport.invoke(methodChannel(method), request ?? {}), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  async function call<M extends KioskMethod>(method: M, request: KioskRequestInput<M>): Promise<KioskResults[M]> {
    const response = (await invoke(method, request)) as KioskResponse<KioskResults[M]>;
    if (typeof response !== 'object' || response === null || typeof response.ok !== 'boolean') {
      throw createKioskCallError('INTERNAL', `${method}: malformed response`);
    }
    if (!response.ok) throw createKioskCallError(response.error.code, response.error.message);
    return response.value;
  }

  return {
    getTerminalInfo: (r) => call('getTerminalInfo', r),
    startSession: (r) => call('startSession', r),
    extendSession: (r) => call('extendSession', r),
    endSession: (r) => call('endSession', r),
    readIdCard: (r) => call('readIdCard', r),
    cancelIdCardRead: (r) => call('cancelIdCardRead', r),
    queryCredit: (r) => call('queryCredit', r),
    printCreditReceipt: (r) => call('printCreditReceipt', r),
    printCreditReport: (r) => call('printCreditReport', r),
    getDeviceStatus: (r) => call('getDeviceStatus', r),
    reportDeviceStatus: (r) => call('reportDeviceStatus', r),
    queryEnterpriseCredit: (r) => call('queryEnterpriseCredit', r),
    listCommitmentMatters: (r) => call('listCommitmentMatters', r),
    getCommitmentMatter: (r) => call('getCommitmentMatter', r),
    submitCommitment: (r) => call('submitCommitment', r),
    listForms: (r) => call('listForms', r),
    startForm: (r) => call('startForm', r),
    validateForm: (r) => call('validateForm', r),
    submitForm: (r) => call('submitForm', r),
    scanELicence: (r) => call('scanELicence', r),
    verifyELicence: (r) => call('verifyELicence', r),
    cancelScan: (r) => call('cancelScan', r),
    queryProgress: (r) => call('queryProgress', r),
    listGuides: (r) => call('listGuides', r),
    getGuide: (r) => call('getGuide', r),
    callStaff: (r) => call('callStaff', r),
    cancelStaffCall: (r) => call('cancelStaffCall', r),
    queryTrafficViolations: (r) => call('queryTrafficViolations', r),
    uploadIdPhoto: (r) => call('uploadIdPhoto', r),
    printServiceReceipt: (r) => call('printServiceReceipt', r),
    submitEvaluation: (r) => call('submitEvaluation', r),
    getNetworkState: (r) => call('getNetworkState', r),
    staffCornerTap: (r) => call('staffCornerTap', r),
    staffLogin: (r) => call('staffLogin', r),
    staffCardLogin: (r) => call('staffCardLogin', r),
    cancelStaffCardLogin: (r) => call('cancelStaffCardLogin', r),
    staffLogout: (r) => call('staffLogout', r),
    getServiceMode: (r) => call('getServiceMode', r),
    getMaintenanceOverview: (r) => call('getMaintenanceOverview', r),
    runSelfTest: (r) => call('runSelfTest', r),
    cancelSelfTest: (r) => call('cancelSelfTest', r),
    listQueue: (r) => call('listQueue', r),
    retryQueueItem: (r) => call('retryQueueItem', r),
    acknowledgeQueueItem: (r) => call('acknowledgeQueueItem', r),
    getConfig: (r) => call('getConfig', r),
    validateConfig: (r) => call('validateConfig', r),
    applyConfig: (r) => call('applyConfig', r),
    listConfigVersions: (r) => call('listConfigVersions', r),
    restorePreviousConfig: (r) => call('restorePreviousConfig', r),
    networkTest: (r) => call('networkTest', r),
    exportLogs: (r) => call('exportLogs', r),
    exportAudit: (r) => call('exportAudit', r),
    verifyAudit: (r) => call('verifyAudit', r),
    setServiceMode: (r) => call('setServiceMode', r),
    restartApp: (r) => call('restartApp', r),
    on<E extends KioskEventName>(event: E, listener: (payload: KioskEvents[E]) => void): Unsubscribe {
      return transport.subscribe(EVENT_CHANNEL, (message) => {
        const m = message as IpcEventMessage;
        if (m?.event === event) listener(m.payload as KioskEvents[E]);
      });
    },
  } satisfies KioskApi;
}
