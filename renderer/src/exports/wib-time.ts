// Times in exported files and printed case reports. Reports store UTC (`toISOString()`); people in
// Jakarta read WIB (UTC+7). Asia/Jakarta has had no daylight saving since 1964, so a fixed offset is exact,
// and it does not depend on the time zone of the device that happens to make the export.

const WIB_OFFSET_MS = 7 * 60 * 60 * 1000;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function wibParts(iso: string): { date: string; time: string; ms: string } | null {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return null;
  const d = new Date(t + WIB_OFFSET_MS);
  return {
    date: `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`,
    ms: pad(d.getUTCMilliseconds(), 3),
  };
}

/** ISO 8601 with the WIB offset, lossless: `2026-11-30T14:05:12.345+07:00` (the same instant as the input). */
export function toWibIso(iso: string): string {
  const p = wibParts(iso);
  return p === null ? iso : `${p.date}T${p.time}.${p.ms}+07:00`;
}

/** For people: `2026-11-30 14:05:12 WIB` (sortable, no month names, no ambiguity between d/m and m/d). */
export function formatWib(iso: string): string {
  const p = wibParts(iso);
  return p === null ? iso : `${p.date} ${p.time} WIB`;
}

/** The calendar date in Jakarta, `2026-11-30`, for file names. */
export function wibDate(at: Date): string {
  return wibParts(at.toISOString())?.date ?? at.toISOString().slice(0, 10);
}
