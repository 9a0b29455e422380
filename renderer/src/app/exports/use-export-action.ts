import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ExportError, type ExportOutcome } from '../../platform/exports';

export type ExportMessage = { tone: 'info' | 'error'; text: string } | null;

/** Runs one export at a time and turns its outcome into a message for a live region. */
export function useExportAction(): {
  busy: boolean;
  message: ExportMessage;
  run: (task: () => Promise<{ outcome: ExportOutcome; fileName: string; missing: number }>) => Promise<void>;
} {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<ExportMessage>(null);
  const run = useCallback(
    async (task: () => Promise<{ outcome: ExportOutcome; fileName: string; missing: number }>) => {
      setBusy(true);
      setMessage({ tone: 'info', text: t('exports.working') });
      try {
        const { outcome, fileName, missing } = await task();
        const done =
          outcome.status === 'canceled'
            ? t('exports.canceled')
            : outcome.status === 'opened'
              ? t('exports.opened')
              : outcome.path !== null
                ? t('exports.saved', { path: outcome.path })
                : t('exports.downloaded', { name: fileName });
        const warning = missing > 0 ? ` ${t('exports.missing', { count: missing })}` : '';
        setMessage({ tone: missing > 0 ? 'error' : 'info', text: done + warning });
      } catch (err) {
        const code = err instanceof ExportError ? err.code : err instanceof Error ? err.name : 'error';
        setMessage({ tone: 'error', text: t('exports.failed', { code }) });
      } finally {
        setBusy(false);
      }
    },
    [t],
  );
  return { busy, message, run };
}
