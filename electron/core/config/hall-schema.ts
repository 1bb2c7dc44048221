/**
 * What the attract screen says about the hall the terminal stands in: its name, the emblem in the
 * slot above it, the service hotline and where the ID-card reader is; and the hall's time zone,
 * which every time on screen and on paper is shown in. Staff-editable: a hall moves a terminal or
 * changes its notices without a fleet bundle. Nothing here is a file or a program:
 * the emblem is one of the marks shipped with the app.
 */
import { z } from 'zod';
import { STAFF_EDITABLE } from './config-authority.ts';
import { DEFAULT_TIME_ZONE, isTimeZone } from '../../contract/rules/zoned-time.ts';

/** The marks the emblem slot can show ('none' leaves the slot empty). */
export const HALL_EMBLEMS = ['none', 'government-service', 'police', 'credit'] as const;
/** Where the card reader is, seen from the citizen facing the screen: the arrow points there. */
export const CARD_READER_PLACES = ['below', 'below-left', 'below-right', 'left', 'right'] as const;

export const hallSchema = z
  .object({
    // One line on a 1080 px wide screen; '' lets the attract screen show the terminal's own title.
    name: z
      .object({
        'zh-CN': z.string().trim().max(32).default(''),
        'en-US': z.string().trim().max(64).default(''),
      })
      .strict()
      .prefault({}),
    emblem: z.enum(HALL_EMBLEMS).default('government-service'),
    // 12345 nationwide; a hall may add its own desk number ("0871-12345", "12345-8").
    hotline: z
      .string()
      .regex(/^\d[\d-]{2,18}\d$/, "must be a phone number such as '12345' or '0871-63012345'")
      .default('12345'),
    cardReader: z.enum(CARD_READER_PLACES).default('below-right'),
    // The zone every time on screen and on paper is shown in, whatever the OS clock's zone is: a hall
    // in Xinjiang may keep Asia/Urumqi; a fresh OS image in UTC must not move a 09:30 violation to 01:30.
    timeZone: z
      .string()
      .refine(isTimeZone, { message: "must be an IANA time zone name such as 'Asia/Shanghai' or 'Asia/Urumqi'" })
      .default(DEFAULT_TIME_ZONE),
  })
  .strict()
  .prefault({})
  .meta(STAFF_EDITABLE);
