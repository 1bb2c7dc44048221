/**
 * 人证核验 (person-card face check, electron/core/person-check/). Fleet authority: how sure a match
 * must be decides who sees a personal record, so on-site staff do not lower it by hand.
 */
import { z } from 'zod';

/** The decoders a terminal can name; a licensed one joins this list when its plug-in is written. */
export const WLT_DECODERS = ['none', 'test'] as const;

export const personCheckSchema = z
  .object({
    /**
     * Methods marked access 'verified' need a passed check. Off only for terminals without a
     * camera, where those methods stay refused unless this is off (the fleet decides, and audits).
     */
    required: z.boolean().default(true),
    /** Similarity (0–1, Human's normalised descriptor distance) from which a live face matches the card photo. */
    threshold: z.number().min(0.3).max(0.99).default(0.6),
    /** Liveness (0–1, the liveness model's real-face score) below which a try does not count as a live face. */
    minLiveness: z.number().min(0).max(0.99).default(0.5),
    /**
     * Which WLT photo decoder reads the card's photo (wlt-decoder.ts): 'none' until the vendor's
     * licensed decoder is plugged in (decoders.ts); 'test' only reads the sample cards (demo, tests).
     */
    decoder: z.enum(WLT_DECODERS).default('none'),
    /**
     * Compare with the person's registered photo from the upstream where the card's own photo
     * cannot be read (no decoder, or it cannot decode this card). A fleet decision: it asks the
     * platform for a photo of the person; the authorisation page says which photo is used.
     */
    upstreamPhoto: z.boolean().default(false),
    /** Tries before the screen calls staff: the issue asks three. */
    maxTries: z.number().int().min(1).max(5).default(3),
  })
  .strict()
  .prefault({});
