/**
 * 人证核验 handlers. The trust boundary, honestly: the face is found and described in the kiosk's
 * own renderer (Human in the page), which sends the core two descriptors and a liveness score. The
 * core does not see the camera, so it cannot prove the descriptors came from it; what it does
 * hold is everything else: the card photo (it hands it out only for the card in this session),
 * the similarity (computed here from the descriptors, so a screen cannot report "match"), the
 * threshold and liveness floor (fleet config), the tries (counted here, no-face tries included),
 * and the decision, which is bound to the card and lives in the session only. A compromised
 * renderer could still forge descriptors; that renderer is the terminal's own locked-down code
 * (CSP, no navigation, token-bound API), the same trust every screen of the kiosk already has.
 */
import type { PersonCheckPhotoSource } from '../../contract/person-check/person-check.contract.ts';
import type { KioskHandlers } from '../api/dispatcher.ts';
import { fromServiceUpstreamError } from '../api/error-mapping.ts';
import { KioskError } from '../api/kiosk-error.ts';
import type { TerminalConfig } from '../config/config-schema.ts';
import type { ServiceContext } from '../services/shared/service-context.ts';
import type { ActiveSession } from '../session/session-store.ts';
import { errorMessage } from '../util/error-message.ts';
import { faceSimilarity } from './face-similarity.ts';
import type { PersonCheckState } from './person-check-state.ts';
import { decideTry, type TryReport } from './person-check-rules.ts';
import { cardKeyOf } from './person-verified.ts';
import { fetchRegisteredPhoto } from './upstream-photo.ts';
import { WltDecodeError, type DecodedPhoto, type WltDecoder } from './wlt-decoder.ts';

export interface PersonCheckDeps {
  decoder: (config: TerminalConfig) => WltDecoder | undefined;
}

type Handlers = Pick<KioskHandlers, 'getPersonCheckStatus' | 'startPersonCheck' | 'submitPersonCheck'>;

/** What the authorisation page announces, from the terminal's decoder and the fleet's upstreamPhoto. */
export function plannedPhotoSource(hasDecoder: boolean, upstreamPhoto: boolean): PersonCheckPhotoSource {
  if (!upstreamPhoto) return 'card';
  return hasDecoder ? 'card-or-upstream' : 'upstream';
}

export function personCheckHandlers(ctx: ServiceContext, deps: PersonCheckDeps): Handlers {
  const logger = ctx.logger.child('person-check');

  /** The check of the card now in the session; a new card starts a new check. */
  const stateFor = (session: ActiveSession): PersonCheckState => {
    const identity = ctx.requireIdentity(session);
    const cardKey = cardKeyOf(identity.idNumber);
    if (session.personCheck?.cardKey !== cardKey) {
      session.personCheck = { decision: 'pending', tries: 0, lastSimilarity: undefined, cardKey, decidedAt: undefined };
    }
    return session.personCheck;
  };

  return {
    getPersonCheckStatus: (_request, { session }) => {
      const config = ctx.config.personCheck;
      const state = stateFor(session);
      return {
        required: config.required,
        decision: state.decision,
        triesLeft: Math.max(0, config.maxTries - state.tries),
        maxTries: config.maxTries,
        photoSource: plannedPhotoSource(deps.decoder(ctx.config) !== undefined, config.upstreamPhoto),
      };
    },

    startPersonCheck: async (_request, { session }) => {
      const config = ctx.config.personCheck;
      const state = stateFor(session);
      const decoder = deps.decoder(ctx.config);
      const base = {
        decision: state.decision,
        triesLeft: Math.max(0, config.maxTries - state.tries),
        maxTries: config.maxTries,
        decoder: decoder ? { name: decoder.name, test: decoder.test } : { name: 'none', test: false },
      };
      if (state.decision !== 'pending') return { ...base, cardPhoto: undefined, photoSource: undefined };
      const identity = ctx.requireIdentity(session);
      const upstreamAllowed = config.upstreamPhoto;
      let photo: DecodedPhoto | undefined;
      if (decoder) {
        try {
          photo = await decoder.decode(identity.photoWlt);
        } catch (error) {
          logger.warn('card photo not decoded', { decoder: decoder.name, error: errorMessage(error), fallback: upstreamAllowed ? 'upstream' : 'none' });
          if (!upstreamAllowed) {
            if (error instanceof WltDecodeError) throw new KioskError('CARD_INVALID', 'the card photo cannot be decoded');
            throw new KioskError('DEVICE_UNAVAILABLE', 'the WLT photo decoder failed');
          }
        }
        ctx.stillCurrent(session);
      } else if (!upstreamAllowed) {
        throw new KioskError('DEVICE_UNAVAILABLE', 'no WLT photo decoder is installed on this terminal');
      }
      const source = photo ? 'card' : 'upstream';
      if (!photo) {
        try {
          photo = await fetchRegisteredPhoto(
            ctx.upstream(),
            { idNumber: identity.idNumber, name: identity.name || identity.nameEn || '' },
            { signal: ctx.stateOf(session).abort.signal },
          );
        } catch (error) {
          logger.warn('registered photo not fetched', { error: errorMessage(error) });
          throw fromServiceUpstreamError(error);
        }
        try {
          ctx.stillCurrent(session);
        } catch (error) {
          photo.bytes.fill(0);
          throw error;
        }
      }
      const cardPhoto = `data:${photo.mime};base64,${Buffer.from(photo.bytes).toString('base64')}`;
      // Our copy of the photo goes now; the screen's copy is released after its decision.
      photo.bytes.fill(0);
      logger.info('person check photo handed out', { source });
      return { ...base, cardPhoto, photoSource: source };
    },

    submitPersonCheck: (request, { session }) => {
      const config = ctx.config.personCheck;
      const state = stateFor(session);
      if (state.decision !== 'pending') {
        throw new KioskError('INVALID_REQUEST', `the check is already ${state.decision} in this session`);
      }
      const report: TryReport =
        request.kind === 'no-face'
          ? { kind: 'no-face' }
          : { kind: 'compared', similarity: faceSimilarity(request.cardDescriptor, request.liveDescriptor), liveness: request.liveness };
      if (request.kind === 'compared') {
        // The descriptors are the only face-derived data the core ever sees: zeroed after use.
        request.cardDescriptor.fill(0);
        request.liveDescriptor.fill(0);
      }
      const outcome = decideTry(report, state.tries, config);
      state.tries = outcome.triesUsed;
      state.lastSimilarity = outcome.view.similarity;
      if (outcome.view.decision !== 'retry') {
        state.decision = outcome.view.decision;
        state.decidedAt = ctx.now();
      }
      // The audit line: decision and scores only, no name, number or face.
      logger.info('person check try', {
        decision: outcome.view.decision,
        reason: outcome.view.reason,
        similarity: outcome.view.similarity,
        threshold: config.threshold,
        tries: state.tries,
        maxTries: config.maxTries,
      });
      return outcome.view;
    },
  };
}
