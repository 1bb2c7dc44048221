/**
 * 人证核验 as one step a journey embeds before anything personal (access 'verified' in the
 * contract): the authorisation page, the camera, the core's judgement, retries, and a staff call
 * once the tries are used up. The journey gets only the outcome: verified, cancelled, or an error.
 */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskApi, KioskErrorCode } from '../../../electron/contract/kiosk-api.ts';
import { errorCodeOf } from '../api/call-error.ts';
import { plain, machine, useStepMachine, type MachineModel, type RunningStep } from '../flow/machine.ts';
import { BusyScreen } from '../screens/BusyScreen.tsx';
import { cardDescriptorOf } from './card-photo.ts';
import { PersonCheckCamera } from './PersonCheckCamera.tsx';
import { PersonCheckConsent } from './PersonCheckConsent.tsx';
import { PersonCheckOutcome } from './PersonCheckOutcome.tsx';
import {
  personCheckReducer,
  personCheckStart,
  personCheckWaiting,
  releaseFaceData,
  type PersonCheckAction,
  type PersonCheckState,
} from './person-check-state.ts';

export interface PersonCheckStepProps {
  api: KioskApi;
  /** The service asking (its id): the authorisation page says what it queries, why and who for. */
  purpose: string;
  /** The check's screen ('person-consent', 'person-camera' …) and whether the citizen waits. */
  onScreen(screen: string, waiting: boolean): void;
  onVerified(): void;
  onCancel(): void;
  onError(code: KioskErrorCode): void;
}

const step = (api: KioskApi) => (model: MachineModel<PersonCheckState>): RunningStep<PersonCheckAction> | null => {
  const { state, op } = model;
  const failed = (error: unknown): PersonCheckAction => ({ type: 'failed', op, code: errorCodeOf(error) });
  if (state.phase === 'checking') {
    return plain(
      api.getPersonCheckStatus({}).then((view): PersonCheckAction => ({ type: 'status', op, required: view.required, decision: view.decision, photoSource: view.photoSource }), failed),
    );
  }
  if (state.phase === 'preparing') {
    const prepare = async (): Promise<PersonCheckAction> => {
      const view = await api.startPersonCheck({});
      // The test decoder's notice only where its photo is the one compared (not the registered one).
      const common = { type: 'prepared', op, triesLeft: view.triesLeft, maxTries: view.maxTries, testDecoder: view.decoder.test && view.photoSource === 'card' } as const;
      if (view.decision !== 'pending') return { ...common, decision: view.decision, cardDescriptor: [] };
      if (!view.cardPhoto) return failed(new Error('INTERNAL: no card photo for a pending check'));
      return { ...common, decision: 'pending', cardDescriptor: await cardDescriptorOf(view.cardPhoto) };
    };
    // One catch for the call and the models alike: a model that fails to load is an error screen, not a hang.
    return plain(prepare().catch(failed));
  }
  if (state.phase === 'judging') {
    const { report, cardDescriptor } = state;
    const request =
      report.kind === 'face'
        ? { kind: 'compared' as const, cardDescriptor, liveDescriptor: report.descriptor, liveness: report.liveness }
        : { kind: 'no-face' as const };
    return plain(api.submitPersonCheck(request).then((result): PersonCheckAction => ({ type: 'judged', op, result }), failed));
  }
  return null;
};

export function PersonCheckStep({ api, purpose, onScreen, onVerified, onCancel, onError }: PersonCheckStepProps) {
  const { t } = useTranslation();
  const [model, dispatch] = useStepMachine(personCheckReducer, machine(personCheckStart), step(api));
  const { state } = model;
  const latest = useRef({ onScreen, onVerified, onError, state });
  latest.current = { onScreen, onVerified, onError, state };

  useEffect(() => {
    latest.current.onScreen(`person-${state.phase}`, personCheckWaiting(state));
    if (state.phase === 'passed') latest.current.onVerified();
    if (state.phase === 'error') latest.current.onError(state.code);
  }, [state]);

  // Leaving the check (cancel, session end, the journey moving on) zeroes what it still holds.
  useEffect(() => () => releaseFaceData(latest.current.state), []);

  const title = t('personCheck.title');
  switch (state.phase) {
    case 'checking':
      return <BusyScreen testId="person-checking" title={title} message={t('personCheck.preparing')} />;
    case 'consent':
      return <PersonCheckConsent purpose={purpose} photoSource={state.photoSource} onAgree={() => dispatch({ type: 'agree' })} onDecline={onCancel} />;
    case 'preparing':
      return <BusyScreen testId="person-preparing" title={title} message={t('personCheck.preparing')} />;
    case 'camera':
      return (
        <PersonCheckCamera
          api={api}
          tryNumber={state.maxTries - state.triesLeft + 1}
          maxTries={state.maxTries}
          testDecoder={state.testDecoder}
          onCaptured={(report) => dispatch({ type: 'captured', report })}
          onUnavailable={(reason) => dispatch({ type: 'cameraUnavailable', reason })}
          onCancel={onCancel}
        />
      );
    case 'judging':
      return <BusyScreen testId="person-judging" title={title} message={t('personCheck.judging')} />;
    case 'retry':
    case 'failed':
    case 'noCamera':
      return <PersonCheckOutcome api={api} purpose={purpose} state={state} onRetry={() => dispatch({ type: 'retry' })} onCancel={onCancel} />;
    case 'passed':
      return <BusyScreen testId="person-passed" title={title} message={t('personCheck.passed')} />;
    case 'error':
      return <BusyScreen testId="person-error" title={title} message={t(`errors.${state.code}`)} />;
  }
}
