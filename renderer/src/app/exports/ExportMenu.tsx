import { useTranslation } from 'react-i18next';
import { CASE_PDF_MAX_REPORTS } from '../../../../domain/ipc';
import { cachedReferenceData } from '../../api/reference-data';
import { useSession } from '../../api/use-session';
import { useCaseFileReader } from '../../data/case-files';
import { buildCaseRecords } from '../../exports/case-record';
import { reportsToCsv } from '../../exports/csv';
import type { ExportLabels } from '../../exports/export-rows';
import { exportFileName } from '../../exports/file-names';
import { geoJsonText, reportsToGeoJson } from '../../exports/geojson';
import { preferenceStore } from '../../platform';
import { exportCasePdf, saveTextExport } from '../../platform/exports';
import { useExportAction, type ExportMessage } from './use-export-action';
import './exports.css';

/** Indonesian category labels for the files (their headers and values are Indonesian whatever the UI says). */
function useExportLabels(): () => ExportLabels {
  const { client } = useSession();
  return () => {
    const { categories } = cachedReferenceData(preferenceStore(), client?.server ?? null);
    return { category: (id) => categories.find((c) => c.id === id)?.label.id ?? id };
  };
}

export function ExportStatus({ message }: { message: ExportMessage }) {
  return (
    <p
      className={message?.tone === 'error' ? 'export-status export-status-error' : 'export-status'}
      role={message?.tone === 'error' ? 'alert' : 'status'}
      data-testid="export-status"
    >
      {message?.text ?? ''}
    </p>
  );
}

/**
 * CSV, GeoJSON and the PDF case file of the given reports (e.g. the filtered review list), as they are in
 * this device's database at the moment of the click.
 */
export function ExportMenu({ reportIds }: { reportIds: readonly string[] }) {
  const { t } = useTranslation();
  const read = useCaseFileReader();
  const labels = useExportLabels();
  const { busy, message, run } = useExportAction();
  const none = reportIds.length === 0;
  const tooManyForPdf = reportIds.length > CASE_PDF_MAX_REPORTS;

  const exportText = (kind: 'csv' | 'geojson') =>
    run(async () => {
      const files = await read(reportIds);
      const records = buildCaseRecords(files.reports, files.events);
      const content =
        kind === 'csv' ? reportsToCsv(records, labels()) : geoJsonText(reportsToGeoJson(records, labels()));
      const fileName = exportFileName(kind, new Date());
      return {
        outcome: await saveTextExport(kind, fileName, content),
        fileName,
        missing: files.missing.length,
      };
    });

  return (
    <section className="export-menu" aria-label={t('exports.label')} data-testid="export-menu">
      <span className="export-count">{t('exports.count', { count: reportIds.length })}</span>
      <button
        type="button"
        className="button button-secondary"
        disabled={busy || none}
        onClick={() => void exportText('csv')}
      >
        {t('exports.csv')}
      </button>
      <button
        type="button"
        className="button button-secondary"
        disabled={busy || none}
        onClick={() => void exportText('geojson')}
      >
        {t('exports.geojson')}
      </button>
      <ExportCasePdfButton reportIds={reportIds} disabled={busy || none || tooManyForPdf} onRun={run} />
      {tooManyForPdf ? (
        <span className="muted">{t('exports.pdfTooMany', { max: CASE_PDF_MAX_REPORTS })}</span>
      ) : null}
      <ExportStatus message={message} />
    </section>
  );
}

/**
 * The PDF case file of one report or a selection: Electron prints it off screen and asks where to save it;
 * a browser opens the print view in a new tab with its print dialog. Stand-alone (with its own status line)
 * unless `onRun` hands it a shared one.
 */
export function ExportCasePdfButton({
  reportIds,
  disabled = false,
  label,
  onRun,
}: {
  reportIds: readonly string[];
  disabled?: boolean;
  label?: string;
  onRun?: ReturnType<typeof useExportAction>['run'];
}) {
  const { t } = useTranslation();
  const own = useExportAction();
  const run = onRun ?? own.run;
  const busy = onRun ? false : own.busy;
  const tooMany = reportIds.length > CASE_PDF_MAX_REPORTS;
  const button = (
    <button
      type="button"
      className="button button-secondary"
      disabled={disabled || busy || reportIds.length === 0 || tooMany}
      onClick={() =>
        void run(async () => {
          const fileName = exportFileName('pdf', new Date(), reportIds);
          return { outcome: await exportCasePdf(reportIds, fileName), fileName, missing: 0 };
        })
      }
    >
      {label ?? (reportIds.length === 1 ? t('exports.pdfOne') : t('exports.pdf'))}
    </button>
  );
  if (onRun) return button;
  return (
    <span className="export-pdf">
      {button}
      <ExportStatus message={own.message} />
    </span>
  );
}
