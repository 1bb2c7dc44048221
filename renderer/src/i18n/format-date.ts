/**
 * Every date and time the touch UI shows (citizen screens, the attract clock, the maintenance
 * screens) goes through here: in the hall's time zone (config `hall.timeZone`), never the
 * browser's, which is the OS clock's zone (UTC on a fresh image or in the e2e runs), and in the
 * screen's language. Lint forbids toLocale*String and Intl.DateTimeFormat elsewhere in renderer/src.
 */
import { createContext, useContext } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_TIME_ZONE } from '../../../electron/contract/rules/zoned-time.ts';

/**
 * date: 2026年12月5日 / Dec 5, 2026 · longDate: with the weekday (attract screen) ·
 * dateTime: date and HH:mm · dateTimeSeconds: short date and HH:mm:ss (maintenance, logs) · time: HH:mm.
 * A 24-hour clock in every language: the hall's notices and the printed slips use one.
 */
export type DateForm = 'date' | 'longDate' | 'dateTime' | 'dateTimeSeconds' | 'time';

const FORMS: Record<DateForm, Intl.DateTimeFormatOptions> = {
  date: { dateStyle: 'medium' },
  longDate: { year: 'numeric', month: 'long', day: 'numeric', weekday: 'long' },
  dateTime: { dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23' },
  dateTimeSeconds: { dateStyle: 'short', timeStyle: 'medium', hourCycle: 'h23' },
  time: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
};

// A bare calendar date (a permit's expiry, a credit entry's day) is a day, not an instant: it is
// shown as that day in any zone (read as UTC midnight and shown in UTC), never the day before.
const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(form: DateForm, locale: string, timeZone: string): Intl.DateTimeFormat {
  const key = `${form}|${locale}|${timeZone}`;
  let format = formats.get(key);
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat(locale, { ...FORMS[form], timeZone });
    } catch {
      // A zone or tag this browser's Intl refuses (the core checked the zone with its own): the default zone, the base language.
      format = new Intl.DateTimeFormat('zh-CN', { ...FORMS[form], timeZone: DEFAULT_TIME_ZONE });
    }
    formats.set(key, format);
  }
  return format;
}

/** An ISO string (or Date) in the given form; text that is no date is shown as given, so nothing is lost. */
export function formatDate(value: string | Date, form: DateForm, locale: string, timeZone: string): string {
  const calendarDay = typeof value === 'string' && CALENDAR_DATE.test(value);
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return typeof value === 'string' ? value : '';
  return formatFor(form, locale, calendarDay ? 'UTC' : timeZone).format(date);
}

/** The hall's time zone, provided by the app root from the terminal info. */
export const TimeZoneContext = createContext<string>(DEFAULT_TIME_ZONE);

export type DateFormatter = Record<DateForm, (value: string | Date) => string>;

/** The hall's time zone, for what is not a formatted date (the hall's "today" of a form). */
export function useTimeZone(): string {
  return useContext(TimeZoneContext);
}

/** The formatter of this screen: the hall's zone and the UI language (or the given one, e.g. the maintenance screens'). */
export function useDateFormat(locale?: string): DateFormatter {
  const timeZone = useTimeZone();
  const { i18n } = useTranslation();
  const lang = locale ?? i18n.language;
  const bind = (form: DateForm) => (value: string | Date) => formatDate(value, form, lang, timeZone);
  return { date: bind('date'), longDate: bind('longDate'), dateTime: bind('dateTime'), dateTimeSeconds: bind('dateTimeSeconds'), time: bind('time') };
}
