import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../../domain/api';
import { availableActions, linkDuplicateEvent } from '../../../../domain/case-actions';
import { duplicateDirection } from '../../../../domain/duplicates';
import type { Report } from '../../../../domain/report';
import { foldReportState } from '../../../../domain/report-state';
import { useLocalData, usePossibleDuplicates, type CaseView } from '../../data/local-data';
import { caseHref } from '../routes';

const mayLink = (user: SessionUser, report: Report, state: CaseView['state']) =>
  availableActions(user, report, state).some((a) => a.kind === 'link-duplicate');

/**
 * Reports of the same category within 50 m and 2 hours (domain findPossibleDuplicates over the reports on
 * this device). "Tandai duplikat" writes a `linked-duplicate` event on the later of the two reports, pointing
 * at the earlier one, so a group keeps its first report as the one statistics count.
 */
export function DuplicatesPanel({ user, view }: { user: SessionUser; view: CaseView }) {
  const { t } = useTranslation();
  const { cases } = useLocalData();
  const { report, state } = view;
  const found = usePossibleDuplicates(report, state.duplicateOf);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const link = async (other: Report) => {
    const { duplicate } = duplicateDirection(report, other);
    const later = duplicate === report.id ? report : other;
    const earlier = duplicate === report.id ? other : report;
    const built = linkDuplicateEvent(
      { actor: user, report: later, id: crypto.randomUUID(), at: new Date().toISOString() },
      earlier.id,
    );
    if (!built.ok) return setProblem(t('case.actions.problems.invalid', { detail: built.errors.join('; ') }));
    setBusy(other.id);
    try {
      await cases.addEvent(built.value, later);
      setProblem(null);
    } catch (err) {
      setProblem(
        t('case.actions.problems.storage', { detail: err instanceof Error ? err.message : String(err) }),
      );
    } finally {
      setBusy(null);
    }
  };

  return (
    <section
      className="panel case-duplicates"
      aria-labelledby="case-duplicates-title"
      data-testid="duplicates"
    >
      <h2 id="case-duplicates-title">{t('case.duplicates.title')}</h2>
      <p className="field-hint">{t('case.duplicates.detail')}</p>
      {report.location === null ? <p className="muted">{t('case.duplicates.noLocation')}</p> : null}
      {report.location !== null && found.length === 0 ? (
        <p className="muted">{t('case.duplicates.none')}</p>
      ) : null}
      {found.length > 0 ? (
        <ul className="duplicate-list">
          {found.map(({ report: other, distanceM, deltaMs }) => {
            const later = duplicateDirection(report, other).duplicate === report.id ? report : other;
            const laterState = later.id === report.id ? state : foldReportState([]);
            return (
              <li
                key={other.id}
                className="duplicate-item"
                data-testid="duplicate-item"
                data-report-id={other.id}
              >
                <p className="duplicate-description">{other.description}</p>
                <p className="muted">
                  {t('case.duplicates.item', {
                    distance: Math.round(distanceM),
                    minutes: Math.round(deltaMs / 60_000),
                    officer: other.author,
                  })}
                </p>
                <div className="form-actions">
                  <a className="button button-small button-quiet" href={caseHref(other.id)}>
                    {t('case.duplicates.open')}
                  </a>
                  {mayLink(user, later, laterState) ? (
                    <button
                      type="button"
                      className="button button-small button-secondary"
                      disabled={busy !== null}
                      onClick={() => void link(other)}
                      title={t('case.duplicates.linkLater')}
                    >
                      {t('case.duplicates.link')}
                    </button>
                  ) : null}
                </div>
              </li>
            );
          })}
        </ul>
      ) : null}
      {problem !== null ? (
        <p className="alert alert-error" role="alert">
          {problem}
        </p>
      ) : null}
    </section>
  );
}
