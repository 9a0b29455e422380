import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Photo } from '../../../../domain/report';
import { useSession } from '../../api/use-session';
import { useLocalData } from '../../data/local-data';
import { useRemotePhoto } from '../../data/remote-photos';
import { RESET, STEP, pan, zoomAt, type View } from './zoom';

const PAN_STEP = 60;

/**
 * A photo full size in a modal <dialog> (focus stays inside, Esc closes, focus returns to the thumbnail).
 * Zoom by wheel, pinch (two pointers), +/− keys, buttons, or double-click (toggles 2.5× at the point);
 * pan by dragging or the arrow keys. The transform is set through the CSSOM (element.style), which the
 * app's CSP allows — only style attributes in markup are blocked.
 */
export function PhotoViewer({
  photos,
  index,
  onIndex,
  onClose,
}: {
  photos: readonly Photo[];
  index: number;
  onIndex: (i: number) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { client } = useSession();
  const { vault } = useLocalData();
  const photo = photos[index] ?? null;
  const url = useRemotePhoto(client, vault, photo?.sha256 ?? null, 'photo');
  const dialog = useRef<HTMLDialogElement>(null);
  const frame = useRef<HTMLDivElement>(null);
  const image = useRef<HTMLImageElement>(null);
  // Keyed by photo: another photo starts unzoomed.
  const [zoom, setZoom] = useState<{ index: number; view: View }>({ index, view: RESET });
  const view = zoom.index === index ? zoom.view : RESET;
  const setView = (next: View | ((v: View) => View)) =>
    setZoom((z) => {
      const current = z.index === index ? z.view : RESET;
      return { index, view: typeof next === 'function' ? next(current) : next };
    });
  const pointers = useRef(new Map<number, { x: number; y: number }>());

  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);

  useLayoutEffect(() => {
    if (image.current)
      image.current.style.transform = `translate(${view.x}px, ${view.y}px) scale(${view.scale})`;
  }, [view, url]);

  const size = () => {
    const r = frame.current?.getBoundingClientRect();
    return { w: r?.width ?? 0, h: r?.height ?? 0, left: r?.left ?? 0, top: r?.top ?? 0 };
  };
  /** A client point relative to the frame's centre. */
  const local = (clientX: number, clientY: number) => {
    const s = size();
    return { px: clientX - s.left - s.w / 2, py: clientY - s.top - s.h / 2, w: s.w, h: s.h };
  };
  const zoomBy = (factor: number, clientX?: number, clientY?: number) => {
    const s = size();
    const p = clientX === undefined || clientY === undefined ? { px: 0, py: 0 } : local(clientX, clientY);
    setView((v) => zoomAt(v, factor, p.px, p.py, s.w, s.h));
  };

  useEffect(() => {
    // React's onWheel is passive; zooming must stop the page from scrolling, so listen non-passively.
    const el = frame.current;
    if (!el) return undefined;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const s = el.getBoundingClientRect();
      const px = e.clientX - s.left - s.width / 2;
      const py = e.clientY - s.top - s.height / 2;
      const factor = e.deltaY < 0 ? STEP : 1 / STEP;
      setZoom((z) => ({
        index,
        view: zoomAt(z.index === index ? z.view : RESET, factor, px, py, s.width, s.height),
      }));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [index]);

  const onKeyDown = (e: KeyboardEvent<HTMLDialogElement>) => {
    const s = size();
    const keys: Record<string, () => void> = {
      '+': () => zoomBy(STEP),
      '=': () => zoomBy(STEP),
      '-': () => zoomBy(1 / STEP),
      _: () => zoomBy(1 / STEP),
      '0': () => setView(RESET),
      ArrowLeft: () => setView((v) => pan(v, PAN_STEP, 0, s.w, s.h)),
      ArrowRight: () => setView((v) => pan(v, -PAN_STEP, 0, s.w, s.h)),
      ArrowUp: () => setView((v) => pan(v, 0, PAN_STEP, s.w, s.h)),
      ArrowDown: () => setView((v) => pan(v, 0, -PAN_STEP, s.w, s.h)),
      PageUp: () => index > 0 && onIndex(index - 1),
      PageDown: () => index < photos.length - 1 && onIndex(index + 1),
    };
    const action = keys[e.key];
    // Keys typed into a button (Enter, Space) keep their meaning; only the viewer's keys are taken.
    if (action && !e.altKey && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      action();
    }
  };

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    pointers.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const map = pointers.current;
    const before = map.get(e.pointerId);
    if (!before) return;
    const s = size();
    if (map.size === 2) {
      const other = [...map.entries()].find(([id]) => id !== e.pointerId)?.[1];
      if (other) {
        const d0 = Math.hypot(before.x - other.x, before.y - other.y);
        const d1 = Math.hypot(e.clientX - other.x, e.clientY - other.y);
        if (d0 > 0) zoomBy(d1 / d0, (e.clientX + other.x) / 2, (e.clientY + other.y) / 2);
      }
    } else {
      setView((v) => pan(v, e.clientX - before.x, e.clientY - before.y, s.w, s.h));
    }
    map.set(e.pointerId, { x: e.clientX, y: e.clientY });
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => void pointers.current.delete(e.pointerId);

  const label = t('case.viewer.label', { n: index + 1, total: photos.length });
  return (
    <dialog
      ref={dialog}
      className="photo-viewer"
      aria-label={label}
      data-testid="photo-viewer"
      onClose={onClose}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onKeyDown={onKeyDown}
    >
      <div className="photo-viewer-bar">
        <p className="photo-viewer-title">{label}</p>
        <p
          className="photo-viewer-zoom"
          data-testid="photo-zoom"
          data-scale={view.scale.toFixed(2)}
          aria-live="polite"
        >
          {t('case.viewer.zoom', { percent: Math.round(view.scale * 100) })}
        </p>
        <div className="photo-viewer-buttons">
          <button
            type="button"
            className="button button-small button-secondary"
            onClick={() => zoomBy(1 / STEP)}
            aria-keyshortcuts="-"
          >
            {t('case.viewer.zoomOut')}
          </button>
          <button
            type="button"
            className="button button-small button-secondary"
            onClick={() => zoomBy(STEP)}
            aria-keyshortcuts="+"
          >
            {t('case.viewer.zoomIn')}
          </button>
          <button
            type="button"
            className="button button-small button-secondary"
            onClick={() => setView(RESET)}
            aria-keyshortcuts="0"
          >
            {t('case.viewer.reset')}
          </button>
          {photos.length > 1 ? (
            <>
              <button
                type="button"
                className="button button-small button-secondary"
                disabled={index === 0}
                onClick={() => onIndex(index - 1)}
                aria-keyshortcuts="PageUp"
              >
                {t('case.viewer.prev')}
              </button>
              <button
                type="button"
                className="button button-small button-secondary"
                disabled={index >= photos.length - 1}
                onClick={() => onIndex(index + 1)}
                aria-keyshortcuts="PageDown"
              >
                {t('case.viewer.next')}
              </button>
            </>
          ) : null}
          <button
            type="button"
            className="button button-small button-primary"
            onClick={onClose}
            aria-keyshortcuts="Escape"
            autoFocus
          >
            {t('case.viewer.close')}
          </button>
        </div>
      </div>
      <div
        ref={frame}
        className="photo-viewer-frame"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        onDoubleClick={(e) => {
          const s = size();
          const p = local(e.clientX, e.clientY);
          setView((v) => (v.scale > 1 ? RESET : zoomAt(v, 2.5, p.px, p.py, s.w, s.h)));
        }}
      >
        {url !== null ? (
          <img ref={image} src={url} alt={label} draggable={false} data-testid="photo-full" />
        ) : (
          <p className="muted" role="status">
            {t('case.viewer.loading')}
          </p>
        )}
      </div>
      <p className="photo-viewer-hint muted">{t('case.viewer.hint')}</p>
    </dialog>
  );
}
