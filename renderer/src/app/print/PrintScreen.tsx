import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../../domain/api';
import type { PrintViewState } from '../../../../domain/ipc';
import { useCaseFileReader, type CaseFiles } from '../../data/case-files';
import { buildCaseRecords } from '../../exports/case-record';
import { formatWib } from '../../exports/wib-time';
import { CaseReport } from './CaseReport';
import { parsePrintRequest } from './print-request';
import './print.css';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}
const currentHash = () => window.location.hash;

/**
 * The printable case file of one or more reports (`#/cetak?ids=…`): A4 pages, each report starting on a new
 * page. Its root says when it is ready to print (domain/ipc.ts PRINT_VIEW): Electron's main process waits
 * for that before printToPDF; in the browser the print dialog opens then (`&cetak=1`).
 */
export function PrintScreen({
  user,
  categoryLabel,
}: {
  user: SessionUser;
  categoryLabel: (id: string) => string;
}) {
  const { t } = useTranslation();
  const hash = useSyncExternalStore(subscribe, currentHash);
  const request = useMemo(() => parsePrintRequest(hash), [hash]);
  const idsKey = request.ids.join(',');
  const read = useCaseFileReader();
  const [files, setFiles] = useState<{ key: string; files: CaseFiles } | null>(null);
  const [settled, setSettled] = useState<ReadonlySet<string>>(() => new Set());
  const [printedAt] = useState(() => new Date().toISOString());
  const printed = useRef(false);

  useEffect(() => {
    let active = true;
    const ids = idsKey === '' ? [] : idsKey.split(',');
    void read(ids).then((next) => {
      if (active) setFiles({ key: idsKey, files: next });
    });
    return () => {
      active = false;
    };
  }, [read, idsKey]);

  const current = files !== null && files.key === idsKey ? files.files : null;
  const records = useMemo(
    () => (current ? buildCaseRecords(current.reports, current.events) : []),
    [current],
  );
  const onPhotoSettled = useCallback(
    (key: string) => setSettled((prev) => (prev.has(key) ? prev : new Set(prev).add(key))),
    [],
  );

  const footer = t('print.printedBy', {
    version: __APP_VERSION__,
    user: user.name,
    time: formatWib(printedAt),
  });
  const photoKeys = records.flatMap((r) => r.report.photos.map((p) => `${r.report.id}/${p.sha256}`));
  const incomplete =
    current !== null &&
    (current.missing.length > 0 || request.invalid.length > 0 || request.ids.length === 0);
  const state: PrintViewState =
    current === null
      ? 'loading'
      : incomplete
        ? 'failed'
        : photoKeys.every((k) => settled.has(k))
          ? 'ready'
          : 'loading';

  useEffect(() => {
    if (state === 'ready' && request.autoPrint && !printed.current) {
      printed.current = true;
      window.print();
    }
  }, [state, request.autoPrint]);

  return (
    <div
      className="print-view"
      data-print-root=""
      data-print-state={state}
      data-ready={state === 'ready' ? 'true' : 'false'}
    >
      <div className="print-toolbar" role="toolbar" aria-label={t('nav.print')}>
        <button
          type="button"
          className="button button-primary"
          onClick={() => window.print()}
          disabled={state === 'loading'}
        >
          {t('print.print')}
        </button>
        <button
          type="button"
          className="button"
          onClick={() =>
            window.opener === null && window.history.length > 1 ? window.history.back() : window.close()
          }
        >
          {t('print.close')}
        </button>
        <span className="case-muted">
          {state === 'loading' ? t('print.loading') : t('print.toolbarHint')}
        </span>
      </div>
      {request.ids.length === 0 && request.invalid.length === 0 ? (
        <p role="alert" className="alert alert-error">
          {t('print.nothing')}
        </p>
      ) : null}
      {request.invalid.length > 0 ? (
        <p role="alert" className="alert alert-error">
          {t('print.invalid', { ids: request.invalid.join(', ') })}
        </p>
      ) : null}
      {current !== null && current.missing.length > 0 ? (
        <p role="alert" className="alert alert-error" data-testid="print-missing">
          {t('print.missing', { ids: current.missing.join(', ') })}
        </p>
      ) : null}
      {records.map((record) => (
        <CaseReport
          key={record.report.id}
          record={record}
          categoryLabel={categoryLabel}
          onPhotoSettled={onPhotoSettled}
          footer={footer}
        />
      ))}
    </div>
  );
}
