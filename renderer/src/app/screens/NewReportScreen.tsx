import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useDataKey } from '../../data/keys/data-key-context';
import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../../domain/api';
import { REPORT_LIMITS, type Location } from '../../../../domain/report';
import type { ReferenceData } from '../../api/reference-data';
import { useSession } from '../../api/use-session';
import { chosenArea, lastAreaCode, rememberArea } from '../../capture/area-preference';
import { buildReport } from '../../capture/build-report';
import {
  acceptExif,
  exifOffer,
  formProblems,
  manualLocation,
  reportLocation,
  type FormProblem,
} from '../../capture/capture-form';
import type { Axis } from '../../capture/coordinates';
import { deviceId } from '../../capture/device-id';
import {
  draftReportId,
  forgetDraftReportId,
  isSavedLeftover,
  markReportSaved,
} from '../../capture/draft-report-id';
import { betterFix, roundAccuracy, type Fix } from '../../capture/location-quality';
import { useCamera } from '../../capture/use-camera';
import { useCaptureDraft } from '../../capture/use-capture-draft';
import { gnssLocation } from '../../capture/gnss-link';
import { useGeolocation } from '../../capture/use-geolocation';
import { useGnssReceiver } from '../../capture/use-gnss-receiver';
import { usePhotoIntake } from '../../capture/use-photo-intake';
import { isQuotaExceeded, type Draft, type LocationMode, type ProcessedPhoto } from '../../data/contracts';
import { useLocalData } from '../../data/local-data';
import { captureVideoFrame } from '../../data/photos';
import { preferenceStore } from '../../platform';
import { AreaCombobox } from '../capture/AreaCombobox';
import { CategoryCombobox } from '../capture/CategoryCombobox';
import { ExifOffer } from '../capture/ExifOffer';
import { GnssPanel } from '../capture/GnssPanel';
import { CaptureMap } from '../capture/CaptureMap';
import { LocationPanel } from '../capture/LocationPanel';
import { LowAccuracyWarning } from '../capture/LowAccuracyWarning';
import { PhotoPanel } from '../capture/PhotoPanel';

export interface NewReportScreenProps {
  user: SessionUser;
  /** Categories and capture settings, fetched by the shell at sign-in (cached for offline use). */
  reference: ReferenceData;
  onSaved: (reportId: string) => void;
}

type Outcome = 'saved' | 'storage-full' | 'failed' | { invalid: string } | null;

const FIELD_FOR: Record<FormProblem, string> = {
  photos: 'capture-import',
  category: 'capture-category',
  description: 'capture-description',
  manualLat: 'capture-manual-lat',
  manualLng: 'capture-manual-lng',
  gnss: 'capture-gnss-connect',
};

const deviceLocation = (fix: Fix): Location => ({ ...fix, source: 'device' });

/** "Laporan baru": photos, a fix, a category and a line of text, saved on the device in a few taps. */
export function NewReportScreen({ user, reference, onSaved }: NewReportScreenProps) {
  const { t } = useTranslation();
  const { reports, drafts, vault } = useLocalData();
  const store = preferenceStore();
  const server = useSession().client?.server ?? null;
  const { maxPhotos, accuracyThresholdM, maxImportBytes } = reference.settings;
  const offered = useMemo(() => reference.categories.filter((c) => c.active), [reference.categories]);
  const offeredIds = useMemo(() => new Set(offered.map((c) => c.id)), [offered]);

  const [problems, setProblems] = useState<FormProblem[]>([]);
  /** The accuracy (m) the low-accuracy question is about, while it is asked. */
  const [warning, setWarning] = useState<number | null>(null);
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [exifUsed, setExifUsed] = useState(false);
  const outcomeRef = useRef<HTMLDivElement>(null);
  const geoStatus = useRef<string>('waiting');
  /** The kelurahan of this officer's last report here: the area a new report starts with. */
  const dataKey = useDataKey();
  const [lastArea, setLastArea] = useState<string | null>(null);
  useEffect(() => {
    if (server === null) return undefined;
    let active = true;
    // Sealed with the user's data key, so it opens a moment after the form (issue 13).
    void lastAreaCode(store, server, user.name, dataKey).then((code) => {
      if (active && code !== null) setLastArea((current) => current ?? code);
    });
    return () => {
      active = false;
    };
  }, [store, server, user.name, dataKey]);

  const draftState = useCaptureDraft(drafts, {
    isLeftover: () => isSavedLeftover(store, user.name),
    onLeftoverCleared: () => forgetDraftReportId(store, user.name),
    onLoaded: (loaded) => {
      if (loaded.location?.source === 'device') geo.seed(loaded.location);
      // A fix may have come while the draft was loading; the watch callback had no draft to put it in.
      const best = geo.best;
      if (best !== null && loaded.locationMode === 'device' && betterFix(loaded.location, best) === best) {
        draftState.update((d) => ({ ...d, location: deviceLocation(best) }));
      }
      const noFix = ['denied', 'unavailable', 'unsupported'].includes(geoStatus.current);
      if (noFix && loaded.locationMode === 'device' && loaded.location === null) {
        draftState.update((d) => ({ ...d, locationMode: 'none' }));
      }
    },
  });
  const { draft, update } = draftState;

  const geo = useGeolocation({
    onBest: (fix) =>
      update((d) => (d.locationMode === 'device' ? { ...d, location: deviceLocation(fix) } : d)),
    onUnavailable: (status) => {
      geoStatus.current = status;
      // No position to be had: default to "no location", but leave manual entry open to the officer.
      update((d) =>
        d.locationMode === 'device' && d.location === null ? { ...d, locationMode: 'none' } : d,
      );
    },
  });
  useEffect(() => {
    geoStatus.current = geo.status;
  }, [geo.status]);

  const gnss = useGnssReceiver();
  const camera = useCamera();
  const stopCamera = camera.stop;

  function onStored(photo: ProcessedPhoto) {
    let count = 0;
    update(
      (d) => {
        if (d.photos.some((p) => p.sha256 === photo.sha256)) return d;
        const { sha256, bytes, width, height } = photo;
        const hints = photo.exif;
        const keep = hints !== null && (hints.location !== null || hints.takenAt !== null);
        count = d.photos.length + 1;
        return {
          ...d,
          photos: [...d.photos, { sha256, bytes, width, height }],
          exifHints: keep ? { ...d.exifHints, [sha256]: hints } : d.exifHints,
          capturedAt: d.capturedAt ?? new Date().toISOString(),
        };
      },
      { immediate: true },
    );
    if (count >= maxPhotos) stopCamera();
  }

  const intake = usePhotoIntake({
    vault,
    author: user.name,
    reportId: () => draftReportId(store, user.name),
    maxPhotos,
    maxImportBytes,
    photoCount: () => draftState.current()?.photos.length ?? 0,
    onStored,
  });

  if (draft === null) {
    return <p role="status">{t('capture.loading')}</p>;
  }

  const offer = exifOffer(draft);
  const showProblem = (p: FormProblem) => problems.includes(p);

  function change(patch: Partial<Draft>) {
    setOutcome((o) => (o === 'saved' ? null : o));
    update((d) => ({ ...d, ...patch }));
  }

  function setMode(mode: LocationMode) {
    update((d) => {
      if (mode === 'exif') {
        const hints = exifOffer(d)?.hints;
        return hints ? acceptExif(d, hints) : d;
      }
      const location = mode === 'device' && geo.best !== null ? deviceLocation(geo.best) : null;
      return { ...d, locationMode: mode, location };
    });
  }

  function removePhoto(sha256: string) {
    intake.dismissProblem();
    update(
      (d) => {
        const photos = d.photos.filter((p) => p.sha256 !== sha256);
        const { [sha256]: _removed, ...exifHints } = d.exifHints;
        const next = { ...d, photos, exifHints, capturedAt: photos.length === 0 ? null : d.capturedAt };
        // The photo whose EXIF gave the location is gone: back to the device's fix.
        if (d.locationMode === 'exif' && exifOffer(next) === null) {
          return { ...next, locationMode: 'device', location: geo.best ? deviceLocation(geo.best) : null };
        }
        return next;
      },
      { immediate: true },
    );
  }

  async function takePhoto(video: HTMLVideoElement) {
    const frame = await captureVideoFrame(video).catch(() => null);
    if (frame === null) intake.fail('camera-no-frame');
    else await intake.add([frame]);
  }

  /** In device mode the report takes the best fix seen, even one that came before the draft was loaded. */
  function withBestFix(d: Draft): Draft {
    const best = geo.best;
    if (d.locationMode !== 'device' || best === null) return d;
    const current = d.location?.source === 'device' ? d.location : null;
    return betterFix(current, best) === best ? { ...d, location: deviceLocation(best) } : d;
  }

  /** The receiver's fix as of this moment, or none: a fix that went stale is never saved (issue 12). */
  function withLiveGnssFix(d: Draft): Draft {
    if (d.locationMode !== 'gnss') return d;
    const fix = gnss.currentFix();
    return { ...d, location: fix === null ? null : gnssLocation(fix) };
  }

  function focusOutcome() {
    requestAnimationFrame(() => outcomeRef.current?.focus());
  }

  async function save(confirmed: boolean) {
    const stored = draftState.current();
    if (stored === null || saving) return;
    const now = new Date();
    const draft = withLiveGnssFix(withBestFix(stored));
    const found = formProblems(draft, offeredIds, now);
    setProblems(found);
    setOutcome(null);
    const first = found[0];
    if (first !== undefined) {
      document.getElementById(FIELD_FOR[first])?.focus();
      return;
    }
    const location = reportLocation(draft, now);
    const area = chosenArea(draft.area, lastArea, reference.areas);
    const measured = location?.source === 'device' || location?.source === 'gnss';
    if (!confirmed && measured && location.accuracyM > accuracyThresholdM) {
      setWarning(roundAccuracy(location.accuracyM));
      return;
    }
    setWarning(null);
    const id = draftReportId(store, user.name);
    const built = buildReport({
      id,
      user,
      categoryId: draft.categoryId,
      description: draft.description,
      placeNote: draft.placeNote,
      location,
      deviceFix: geo.best === null ? null : deviceLocation(geo.best),
      area,
      photos: draft.photos,
      capturedAt: draft.capturedAt,
      now,
      deviceId: deviceId(store),
      appVersion: __APP_VERSION__,
      maxPhotos,
    });
    if (!built.ok) {
      setOutcome({ invalid: built.errors.join('; ') });
      focusOutcome();
      return;
    }
    setSaving(true);
    const remember = () => {
      if (area === null || server === null) return;
      void rememberArea(store, server, user.name, dataKey, area);
      setLastArea(area.kelurahan.code);
    };
    try {
      await reports.save(built.value);
    } catch (error) {
      // Only a crash between an earlier save and its draft clean-up can leave a draft whose id is taken:
      // that report is filed already, so this draft is done with rather than filed twice.
      const alreadyFiled = (error as { name?: unknown } | null)?.name === 'ReportConflictError';
      if (alreadyFiled) {
        remember();
        return finish(id);
      }
      setOutcome(isQuotaExceeded(error) ? 'storage-full' : 'failed');
      setSaving(false);
      focusOutcome();
      return;
    }
    remember();
    await finish(id);
  }

  async function finish(id: string) {
    markReportSaved(store, user.name, id);
    try {
      await draftState.reset();
      forgetDraftReportId(store, user.name);
    } catch {
      // The report is saved; the leftover draft is recognised (markReportSaved) and dropped next time.
    }
    setSaving(false);
    setProblems([]);
    setExifUsed(false);
    setOutcome('saved');
    focusOutcome();
    onSaved(id);
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void save(false);
  }

  const remaining = REPORT_LIMITS.descriptionMax - draft.description.length;
  const deviceFix = draft.locationMode === 'device' ? draft.location : null;
  const placed =
    draft.locationMode === 'manual' ? manualLocation(draft.manualLat, draft.manualLng, new Date(0)) : null;
  const manualPoint = placed?.ok ? { lat: placed.location.lat, lng: placed.location.lng } : null;
  // What the field shows is what the report will carry (capture/area-preference.ts).
  const area = chosenArea(draft.area, lastArea, reference.areas);
  const areaHint = area === null ? 'empty' : draft.area === undefined ? 'last' : 'change';

  return (
    <form className="capture" noValidate onSubmit={submit} aria-busy={saving}>
      <div ref={outcomeRef} tabIndex={-1} className="capture-outcome">
        {outcome === 'saved' ? (
          <p className="alert alert-success" role="status">
            {t('capture.saved')}
          </p>
        ) : null}
        {outcome === 'storage-full' || outcome === 'failed' ? (
          <p className="alert alert-error" role="alert">
            {t(outcome === 'storage-full' ? 'capture.storageFull' : 'capture.saveFailed')}
          </p>
        ) : null}
        {outcome !== null && typeof outcome === 'object' ? (
          <p className="alert alert-error" role="alert">
            {t('capture.invalidReport', { detail: outcome.invalid })}
          </p>
        ) : null}
        {draftState.restored && outcome === null ? (
          <p className="alert alert-info" role="status">
            {t('capture.restored')}
          </p>
        ) : null}
        {draftState.saveError !== null ? (
          <p className="alert alert-error" role="alert">
            {t('capture.draftSaveFailed')}
          </p>
        ) : null}
      </div>

      <p className="privacy-note">{t('capture.privacy')}</p>

      <PhotoPanel
        photos={draft.photos}
        maxPhotos={maxPhotos}
        maxImportBytes={maxImportBytes}
        processing={intake.processing}
        problem={intake.problem}
        invalid={showProblem('photos')}
        problemId="capture-photos-problem"
        camera={camera}
        onFiles={(files) => void intake.add(files)}
        onTake={takePhoto}
        onRemove={removePhoto}
      />

      {offer !== null ? (
        <ExifOffer
          hints={offer.hints}
          used={exifUsed}
          onUse={() => {
            setExifUsed(true);
            update((d) => acceptExif(d, offer.hints));
          }}
        />
      ) : null}

      <LocationPanel
        mode={draft.locationMode}
        location={draft.location}
        geoStatus={geo.status}
        current={geo.current}
        best={deviceFix ?? geo.best}
        thresholdM={accuracyThresholdM}
        exif={offer?.hints ?? null}
        manualLat={draft.manualLat}
        manualLng={draft.manualLng}
        showProblems={showProblem('manualLat') || showProblem('manualLng')}
        onMode={setMode}
        onManual={(axis: Axis, text) => change(axis === 'lat' ? { manualLat: text } : { manualLng: text })}
        gnss={<GnssPanel receiver={gnss} thresholdM={accuracyThresholdM} />}
      >
        <CaptureMap
          fix={
            draft.locationMode === 'gnss'
              ? gnss.state.fix && gnssLocation(gnss.state.fix)
              : geo.best === null
                ? null
                : deviceLocation(geo.best)
          }
          manual={manualPoint}
          placing={draft.locationMode === 'manual'}
          onPlace={(lat, lng) => change({ manualLat: lat, manualLng: lng })}
        />
      </LocationPanel>

      <section className="panel capture-section" aria-labelledby="capture-details-title">
        <h2 id="capture-details-title" className="visually-hidden">
          {t('capture.details')}
        </h2>
        <div className="field">
          <label htmlFor="capture-category">{t('capture.category.label')}</label>
          <CategoryCombobox
            id="capture-category"
            categories={offered}
            value={offeredIds.has(draft.categoryId) ? draft.categoryId : ''}
            onChange={(categoryId) => change({ categoryId })}
            invalid={showProblem('category')}
            describedBy={`capture-category-hint${showProblem('category') ? ' capture-category-problem' : ''}`}
          />
          <p className="field-hint" id="capture-category-hint">
            {t('capture.category.hint')}
          </p>
          {showProblem('category') ? (
            <p className="field-problem" id="capture-category-problem">
              {t('capture.problems.category')}
            </p>
          ) : null}
        </div>

        <div className="field">
          <label htmlFor="capture-description">{t('capture.description.label')}</label>
          <textarea
            autoComplete="off"
            id="capture-description"
            rows={4}
            maxLength={REPORT_LIMITS.descriptionMax}
            required
            value={draft.description}
            aria-invalid={showProblem('description')}
            aria-describedby={`capture-description-remaining${showProblem('description') ? ' capture-description-problem' : ''}`}
            onChange={(event) => change({ description: event.target.value })}
          />
          <p className="field-hint" id="capture-description-remaining">
            {t('capture.description.remaining', { count: remaining })}
          </p>
          {showProblem('description') ? (
            <p className="field-problem" id="capture-description-problem">
              {t('capture.problems.description')}
            </p>
          ) : null}
        </div>

        {reference.areas === null ? (
          <div className="field" role="group" aria-labelledby="capture-area-label">
            <strong id="capture-area-label">{t('capture.area.label')}</strong>
            <p className="field-hint" data-testid="area-unavailable">
              {t('capture.area.unavailable')}
            </p>
          </div>
        ) : (
          <div className="field">
            <label htmlFor="capture-area">{t('capture.area.label')}</label>
            <AreaCombobox
              id="capture-area"
              areas={reference.areas}
              value={area}
              onChange={(chosen) => change({ area: chosen })}
              describedBy="capture-area-hint"
            />
            <p className="field-hint" id="capture-area-hint" data-testid="area-hint" data-hint={areaHint}>
              {t(`capture.area.${areaHint}`)}
            </p>
          </div>
        )}

        <div className="field">
          <label htmlFor="capture-place-note">{t('capture.placeNote.label')}</label>
          <input
            autoComplete="off"
            id="capture-place-note"
            type="text"
            maxLength={REPORT_LIMITS.placeNoteMax}
            value={draft.placeNote}
            aria-describedby="capture-place-note-hint"
            onChange={(event) => change({ placeNote: event.target.value })}
          />
          <p className="field-hint" id="capture-place-note-hint">
            {t('capture.placeNote.hint')}
          </p>
        </div>
      </section>

      {problems.length > 0 ? (
        <div className="alert alert-error" role="alert">
          <p>{t('capture.problems.title')}</p>
          <ul>
            {problems.map((p) => (
              <li key={p}>{p === 'gnss' ? t('gnss.problem') : t(`capture.problems.${p}`)}</li>
            ))}
          </ul>
        </div>
      ) : null}

      {warning !== null ? (
        <LowAccuracyWarning
          meters={warning}
          limit={accuracyThresholdM}
          onSaveAnyway={() => void save(true)}
          onWait={() => {
            setWarning(null);
            document.getElementById('capture-location-title')?.scrollIntoView({ block: 'center' });
          }}
        />
      ) : null}

      <div className="capture-actions">
        <button
          type="submit"
          className="button button-primary button-large"
          disabled={saving || intake.processing > 0}
        >
          {saving ? t('capture.saving') : t('capture.save')}
        </button>
      </div>
    </form>
  );
}
