import { useTranslation } from 'react-i18next';
import { usePhotoThumbnail } from '../../data/local-data';

export function PhotoThumb({
  sha256,
  number,
  onRemove,
}: {
  sha256: string;
  number: number;
  onRemove: (sha256: string) => void;
}) {
  const { t } = useTranslation();
  const url = usePhotoThumbnail(sha256);
  const name = t('capture.photos.thumbnail', { number });
  return (
    <li className="photo-thumb" data-testid="photo-thumb" data-sha256={sha256}>
      {url === null ? (
        <span className="photo-thumb-placeholder" role="img" aria-label={name} />
      ) : (
        <img src={url} alt={name} className="photo-thumb-image" />
      )}
      <button
        type="button"
        className="button button-danger button-small"
        aria-label={`${t('capture.photos.remove')} (${name})`}
        onClick={() => onRemove(sha256)}
      >
        {t('capture.photos.remove')}
      </button>
    </li>
  );
}
