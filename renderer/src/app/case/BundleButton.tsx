import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../api/use-session';

/**
 * *Unduh berkas bukti*: the case bundle from the server (`GET /api/cases/:id/bundle`), a ZIP anyone can check
 * offline with `tertib-server verify` or the *Periksa berkas* screen. Only for a report the server holds.
 */
export function BundleButton({ reportId }: { reportId: string }) {
  const { t } = useTranslation();
  const { client } = useSession();
  const [state, setState] = useState<'idle' | 'busy' | 'failed'>('idle');
  if (client === null) return null;

  const download = async () => {
    setState('busy');
    try {
      const res = await client.authorizedFetch(`${client.server}/api/cases/${reportId}/bundle`);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = `berkas-${reportId}.zip`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setState('idle');
    } catch {
      setState('failed');
    }
  };

  return (
    <>
      <button
        type="button"
        className="button button-secondary"
        data-testid="download-bundle"
        disabled={state === 'busy'}
        onClick={() => void download()}
      >
        {state === 'busy' ? t('evidence.bundleBusy') : t('evidence.bundle')}
      </button>
      {state === 'failed' ? (
        <span className="alert alert-error" role="alert">
          {t('evidence.bundleFailed')}
        </span>
      ) : null}
    </>
  );
}
