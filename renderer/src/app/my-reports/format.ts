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
