import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Photo } from '../../../../domain/report';
import { useSession } from '../../api/use-session';
import { useLocalData } from '../../data/local-data';
import { useRemotePhoto } from '../../data/remote-photos';
import { PhotoViewer } from './PhotoViewer';

function Thumb({
  photo,
  label,
  testId,
  onOpen,
}: {
  photo: Photo;
  label: string;
  testId: string;
  onOpen: (el: HTMLButtonElement) => void;
}) {
  const { t } = useTranslation();
  const { client } = useSession();
  const { vault } = useLocalData();
  // From the device's vault (the author's own photos) or, for reviewers, fetched on demand and cached.
  const url = useRemotePhoto(client, vault, photo.sha256, 'thumb');
  return (
    <button
      type="button"
      className="case-thumb"
      aria-label={label}
      data-testid={testId}
      data-sha256={photo.sha256}
      onClick={(e) => onOpen(e.currentTarget)}
    >
      {url !== null ? (
        <img src={url} alt="" width={160} height={120} decoding="async" />
      ) : (
        <span className="muted">{t('case.photos.loading')}</span>
      )}
    </button>
  );
}

/**
 * Thumbnails that open the full-size viewer, which returns focus on close. `label` names the n-th photo;
 * used for the report's photos and for a closing event's "after" photos in the timeline.
 */
export function PhotoThumbs({
  photos,
  label,
  testId = 'case-photo',
}: {
  photos: readonly Photo[];
  label: (n: number, total: number) => string;
  testId?: string;
}) {
  const [open, setOpen] = useState<number | null>(null);
  const opener = useRef<HTMLButtonElement | null>(null);
  const restoreFocus = useRef(false);
  // Back to the thumbnail once the modal dialog is gone (while it is open, the page behind it is inert).
  useEffect(() => {
    if (open === null && restoreFocus.current) {
      restoreFocus.current = false;
      opener.current?.focus();
    }
  }, [open]);
  return (
    <>
      <div className="case-thumbs">
        {photos.map((photo, i) => (
          <Thumb
            key={photo.sha256}
            photo={photo}
            label={label(i + 1, photos.length)}
            testId={testId}
            onOpen={(el) => {
              opener.current = el;
              setOpen(i);
            }}
          />
        ))}
      </div>
      {open !== null ? (
        <PhotoViewer
          photos={photos}
          index={open}
          onIndex={setOpen}
          onClose={() => {
            restoreFocus.current = true;
            setOpen(null);
          }}
        />
      ) : null}
    </>
  );
}

/** The report's photos as thumbnails; each opens the full-size viewer. */
export function PhotoGallery({ photos }: { photos: readonly Photo[] }) {
  const { t } = useTranslation();
  return (
    <section className="panel case-photos" aria-labelledby="case-photos-title">
      <h2 id="case-photos-title">{t('case.photos.title')}</h2>
      <PhotoThumbs photos={photos} label={(n, total) => t('case.photos.open', { n, total })} />
    </section>
  );
}
