import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Category } from '../../../../domain/categories';
import { REPORT_LIMITS, type Report } from '../../../../domain/report';
import { useLocalData } from '../../data/local-data';

/**
 * "Perbaiki": the officer fixes what the server refused — category, description, place note — and saves.
 * The photos, place, time and author stay as filed; the report keeps its id and is sent again by sync.
 */
export function CorrectReportForm({
  report,
  categories,
  onDone,
}: {
  report: Report;
  categories: readonly Category[];
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { reports } = useLocalData();
  const id = useId();
  const [categoryId, setCategoryId] = useState(report.categoryId);
  const [description, setDescription] = useState(report.description);
  const [placeNote, setPlaceNote] = useState(report.placeNote ?? '');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // Only active categories can be chosen; the refused one stays listed so the form shows what was sent.
  const options = categories.filter((c) => c.active || c.id === report.categoryId);
  const known = options.some((c) => c.id === report.categoryId);
  const label = (c: Category) => (i18n.language === 'en' ? c.label.en : c.label.id);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    setError(null);
    const note = placeNote.trim();
    const corrected: Report = { ...report, categoryId, description: description.trim() };
    if (note === '') delete corrected.placeNote;
    else corrected.placeNote = note;
    try {
      await reports.correct(corrected);
      onDone();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setSaving(false);
    }
  }

  return (
    <form className="form correct-form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="correct-title">
        {t('sync.correct.title')}
      </h3>
      <p className="field-hint">{t('sync.correct.intro')}</p>
      <div className="field">
        <label htmlFor={`${id}-category`}>{t('sync.correct.category')}</label>
        <select id={`${id}-category`} value={categoryId} onChange={(e) => setCategoryId(e.target.value)}>
          {known ? null : <option value={report.categoryId}>{report.categoryId}</option>}
          {options.map((c) => (
            <option key={c.id} value={c.id} disabled={!c.active}>
              {label(c)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-description`}>{t('sync.correct.description')}</label>
        <textarea
          autoComplete="off"
          id={`${id}-description`}
          required
          rows={3}
          maxLength={REPORT_LIMITS.descriptionMax}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-place`}>{t('sync.correct.placeNote')}</label>
        <input
          autoComplete="off"
          id={`${id}-place`}
          maxLength={REPORT_LIMITS.placeNoteMax}
          value={placeNote}
          onChange={(e) => setPlaceNote(e.target.value)}
        />
      </div>
      {error !== null ? (
        <p className="alert alert-error" role="alert">
          {t('sync.correct.failed', { reason: error })}
        </p>
      ) : null}
      <div className="correct-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={saving || description.trim() === ''}
        >
          {saving ? t('sync.correct.saving') : t('sync.correct.save')}
        </button>
        <button type="button" className="button button-quiet" onClick={onDone} disabled={saving}>
          {t('sync.correct.cancel')}
        </button>
      </div>
    </form>
  );
}
