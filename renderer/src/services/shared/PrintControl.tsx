/**
 * "Print" with its status line: a service's receipt (printServiceReceipt) or any other print call
 * taking a job id (the A4 credit report). While it prints, a service's inactivity warning holds off.
 * A receipt printer that cannot print (paper out, cover open, offline) disables the button before
 * the citizen tries, says why, and offers the result's public page as a QR code for the phone.
 */
import { useContext, useEffect, useReducer, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { PrintResult } from '../../../../electron/contract/kiosk-api.ts';
import type { PrintDocument } from '../../../../electron/contract/schemas.ts';
import { useKioskApi } from '../../api/api-context.ts';
import { errorCodeOf } from '../../api/call-error.ts';
import { printerBlockedReason, useDeviceStatus } from '../../api/use-device-status.ts';
import { noteReceiptPrinted } from '../../components/receipt-printed.ts';
import { newJobId } from '../../flow/job-id.ts';
import { ServiceContext } from '../service-context.tsx';
import { PhoneInstead, blockedKey } from './PhoneInstead.tsx';
import type { PhoneLink } from './phone-link.ts';
import { printAgainAllowed, printReducer } from './print-state.ts';

interface PrintControlProps {
  /** A service receipt; or `print` for another kind of printout. */
  document?: PrintDocument;
  print?: (jobId: string) => Promise<PrintResult>;
  label?: string;
  testId?: string;
  /**
   * A public URL of the result (its verify or progress page), offered as a QR code when the
   * receipt printer cannot print. Never personal data: a page the upstream guards itself.
   */
  phoneUrl?: string;
  /** Several result pages (one per case of a progress query), each with its caption; instead of phoneUrl. */
  phoneLinks?: readonly PhoneLink[];
  /** For a printout with no public page (no QR to offer): what the citizen has instead while the printer cannot print. */
  blockedNote?: string;
}

export function PrintControl({ document: doc, print, label, testId = 'print', phoneUrl, phoneLinks, blockedNote }: PrintControlProps) {
  const { t, i18n } = useTranslation();
  const api = useKioskApi();
  const service = useContext(ServiceContext);
  const [state, dispatch] = useReducer(printReducer, { kind: 'idle' });
  // Only a service receipt goes to the receipt printer; another print call has its own printer.
  const printer = useDeviceStatus(api, 'printer');
  const blocked = doc ? printerBlockedReason(printer) : null;
  const live = useRef(true);
  useEffect(
    () => () => {
      live.current = false;
    },
    [],
  );

  const printing = state.kind === 'printing';
  const setWaiting = service?.setWaiting;
  useEffect(() => {
    if (!setWaiting) return undefined;
    setWaiting(printing);
    return () => setWaiting(false);
  }, [printing, setWaiting]);

  // One call per printing phase (a retry is a new phase with the same job id).
  const printingJob = state.kind === 'printing' ? state.jobId : null;
  const call = useRef({ api, doc, print });
  call.current = { api, doc, print };
  useEffect(() => {
    if (printingJob === null) return;
    const jobId = printingJob;
    const { api: kiosk, doc: document, print: custom } = call.current;
    const job = custom ? custom(jobId) : document ? kiosk.printServiceReceipt({ jobId, document, locale: i18n.language }) : Promise.reject(new Error('nothing to print'));
    job.then(
      (result) => {
        if (result.status === 'printed' || result.status === 'already-printed') noteReceiptPrinted();
        if (live.current) dispatch({ type: 'printed', jobId, result });
      },
      (error: unknown) => live.current && dispatch({ type: 'failed', jobId, code: errorCodeOf(error) }),
    );
  }, [printingJob]);

  const bad = state.kind === 'failed' || (state.kind === 'done' && printAgainAllowed(state));
  const status = state.kind === 'done' ? state.result.status : state.kind === 'failed' ? 'failed' : state.kind;
  const offered = state.kind === 'idle' || state.kind === 'printing' || bad;
  const blockedNow = blocked !== null && offered && !printing;
  return (
    <div className="print-control">
      <p className={`print-status${bad || blockedNow ? ' print-status-bad' : ''}`} data-testid={`${testId}-status`} data-status={blockedNow ? 'blocked' : status} role="status" aria-live="polite">
        {blockedNow && t(blockedKey(blocked))}
        {!blockedNow && state.kind === 'printing' && t('credit.print.printing')}
        {!blockedNow && state.kind === 'done' && t(`credit.print.${state.result.status}`)}
        {!blockedNow && state.kind === 'failed' && t(`errors.${state.code}`, { defaultValue: t('credit.print.failed') })}
      </p>
      {offered && (
        <button
          type="button"
          className="btn btn-primary"
          data-testid={`${testId}-button`}
          disabled={printing || blockedNow}
          onClick={() => dispatch({ type: 'print', jobId: newJobId() })}
        >
          {printing ? t('credit.print.printing') : bad ? t('credit.print.retry') : (label ?? t('credit.print.button'))}
        </button>
      )}
      {blockedNow && phoneLinks && phoneLinks.length > 0 && <PhoneInstead links={phoneLinks} testId={testId} />}
      {blockedNow && !phoneLinks && phoneUrl && <PhoneInstead url={phoneUrl} testId={testId} />}
      {blockedNow && !phoneLinks && !phoneUrl && blockedNote && (
        <p className="muted" data-testid={`${testId}-blocked-note`}>
          {blockedNote}
        </p>
      )}
    </div>
  );
}
