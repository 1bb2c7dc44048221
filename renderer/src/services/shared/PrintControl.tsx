/** "Print" with its status line, for any document printServiceReceipt knows. */
import { useEffect, useReducer, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { PrintDocument } from '../../../../electron/contract/schemas.ts';
import { errorCodeOf } from '../../api/call-error.ts';
import { newJobId } from '../../journey/job-id.ts';
import { useService } from '../service-context.tsx';
import { printAgainAllowed, printReducer } from './print-state.ts';

export function PrintControl({ document: doc, label }: { document: PrintDocument; label?: string }) {
  const { t } = useTranslation();
  const { api, setWaiting } = useService();
  const [state, dispatch] = useReducer(printReducer, { kind: 'idle' });
  const live = useRef(true);
  useEffect(
    () => () => {
      live.current = false;
    },
    [],
  );

  const printing = state.kind === 'printing';
  useEffect(() => {
    setWaiting(printing);
    return () => setWaiting(false);
  }, [printing, setWaiting]);

  // One call per printing phase (a retry is a new phase with the same job id).
  const printingJob = state.kind === 'printing' ? state.jobId : null;
  const call = useRef({ api, doc });
  call.current = { api, doc };
  useEffect(() => {
    if (printingJob === null) return;
    const jobId = printingJob;
    call.current.api.printServiceReceipt({ jobId, document: call.current.doc }).then(
      (result) => live.current && dispatch({ type: 'printed', jobId, result }),
      (error: unknown) => live.current && dispatch({ type: 'failed', jobId, code: errorCodeOf(error) }),
    );
  }, [printingJob]);

  const bad = state.kind === 'failed' || (state.kind === 'done' && printAgainAllowed(state));
  const status = state.kind === 'done' ? state.result.status : state.kind === 'failed' ? 'failed' : state.kind;
  return (
    <div className="print-control">
      <p className={`print-status${bad ? ' print-status-bad' : ''}`} data-testid="print-status" data-status={status} role="status" aria-live="polite">
        {state.kind === 'printing' && t('credit.print.printing')}
        {state.kind === 'done' && t(`credit.print.${state.result.status}`)}
        {state.kind === 'failed' && t(`errors.${state.code}`, { defaultValue: t('credit.print.failed') })}
      </p>
      {(state.kind === 'idle' || state.kind === 'printing' || bad) && (
        <button
          type="button"
          className="btn btn-primary"
          data-testid="print-button"
          disabled={printing}
          onClick={() => dispatch({ type: 'print', jobId: newJobId() })}
        >
          {printing ? t('credit.print.printing') : bad ? t('credit.print.retry') : (label ?? t('credit.print.button'))}
        </button>
      )}
    </div>
  );
}
