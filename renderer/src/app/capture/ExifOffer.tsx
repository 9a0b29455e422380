import { useTranslation } from 'react-i18next';
import type { ExifHints } from '../../data/contracts';

/** Offers the position and time an imported photo's EXIF carried; nothing is taken without the tap. */
export function ExifOffer({ hints, used, onUse }: { hints: ExifHints; used: boolean; onUse: () => void }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en-GB' : 'id-ID';
  const parts: string[] = [];
  if (hints.location !== null) {
    const fmt = (n: number) => n.toLocaleString(locale, { maximumFractionDigits: 6 });
    parts.push(t('capture.exif.location', { lat: fmt(hints.location.lat), lng: fmt(hints.location.lng) }));
  }
  if (hints.takenAt !== null) {
    const time = new Date(hints.takenAt).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
    parts.push(t('capture.exif.time', { time }));
  }
  return (
    <div className="alert alert-info exif-offer">
      <p>{t('capture.exif.offer', { detail: parts.join(', ') })}</p>
      {used ? (
        <p className="alert-detail">{t('capture.exif.used')}</p>
      ) : (
        <button type="button" className="button button-secondary button-small" onClick={onUse}>
          {t('capture.exif.use')}
        </button>
      )}
    </div>
  );
}
