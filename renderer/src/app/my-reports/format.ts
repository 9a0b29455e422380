import { STATUS_LABELS, type Status } from '../../../../domain/status';

const formats = new Map<string, Intl.DateTimeFormat>();

/** Date and time in the UI language, in the device's time zone (WIB on the officers' devices). */
export function formatCaptureTime(iso: string, language: string): string {
  let format = formats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
    formats.set(language, format);
  }
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : format.format(date);
}

/** The follow-up status in the UI language, from the domain's labels (one source for every screen). */
export const statusLabel = (status: Status, language: string): string =>
  STATUS_LABELS[status][language === 'en' ? 'en' : 'id'];

const byteFormats = new Map<string, Intl.NumberFormat>();

/** A size the way people read it, in the UI language: "2,1 MB" (id), "2.1 MB" (en). Decimal units. */
export function formatBytes(bytes: number, language: string): string {
  let format = byteFormats.get(language);
  if (!format) {
    format = new Intl.NumberFormat(language, { maximumFractionDigits: 1 });
    byteFormats.set(language, format);
  }
  const b = Number.isFinite(bytes) && bytes > 0 ? bytes : 0;
  if (b < 1000) return `${format.format(b)} B`;
  if (b < 1_000_000) return `${format.format(b / 1000)} kB`;
  if (b < 1_000_000_000) return `${format.format(b / 1_000_000)} MB`;
  return `${format.format(b / 1_000_000_000)} GB`;
}
