// Pure formatting and date arithmetic for the dashboard (unit tested in Node).

/** The server counts days in WIB (UTC+7, no daylight saving); the range picker must agree with it. */
const WIB_OFFSET_MS = 7 * 3600 * 1000;
const DAY_MS = 86_400_000;

export const todayWib = (now: number = Date.now()): string =>
  new Date(now + WIB_OFFSET_MS).toISOString().slice(0, 10);

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

export const PRESETS = [7, 30, 90] as const;
export type Preset = (typeof PRESETS)[number];

export interface DayRange {
  from: string | null;
  to: string | null;
}

/** The last `days` WIB days, today included. */
export function presetRange(days: Preset, now: number = Date.now()): DayRange {
  const to = todayWib(now);
  return { from: addDays(to, -(days - 1)), to };
}

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

/** A custom range from two date inputs; null while it is incomplete or backwards. */
export function customRange(from: string, to: string): DayRange | null {
  if (!DAY_RE.test(from) || !DAY_RE.test(to) || from > to) return null;
  return { from, to };
}

/**
 * A duration the way people say it: "2 j 15 m", "3 hr 4 j" (id); "2 h 15 m", "3 d 4 h" (en). Minutes
 * under an hour, hours and minutes under two days, then days and hours.
 */
export function formatDuration(ms: number, language: string): string {
  const en = language === 'en';
  const u = en ? { d: 'd', h: 'h', m: 'm' } : { d: 'hr', h: 'j', m: 'm' };
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} ${u.m}`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) {
    const m = minutes % 60;
    return m ? `${hours} ${u.h} ${m} ${u.m}` : `${hours} ${u.h}`;
  }
  const days = Math.floor(hours / 24);
  const h = hours % 24;
  return h ? `${days} ${u.d} ${h} ${u.h}` : `${days} ${u.d}`;
}

const numberFormats = new Map<string, Intl.NumberFormat>();

export function formatCount(n: number, language: string): string {
  let f = numberFormats.get(language);
  if (!f) {
    f = new Intl.NumberFormat(language === 'en' ? 'en' : 'id-ID');
    numberFormats.set(language, f);
  }
  return f.format(n);
}

/** "96%" for 0.9612. */
export const formatShare = (share: number): string => `${Math.round(share * 100)}%`;

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** A `YYYY-MM-DD` day as "1 Des 2026" / "Dec 1, 2026" (the day itself, not shifted by the device's zone). */
export function formatDay(day: string, language: string): string {
  let f = dayFormats.get(language);
  if (!f) {
    f = new Intl.DateTimeFormat(language === 'en' ? 'en' : 'id-ID', { dateStyle: 'medium', timeZone: 'UTC' });
    dayFormats.set(language, f);
  }
  const d = new Date(`${day}T00:00:00.000Z`);
  return Number.isNaN(d.getTime()) ? day : f.format(d);
}
