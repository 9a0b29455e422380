import { unzipSync } from 'fflate';
import { useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { verifyBundle, type BundleVerdict } from '../../../../domain/evidence/verify-bundle';
import { checkName } from '../../../../domain/evidence/verify-messages';

const MARK = { ok: '✓', fail: '✗', warn: '⚠' } as const;

/**
 * *Periksa berkas*: drop a case bundle, see each check — the same verifier as `tertib-server verify`
 * (domain/evidence/verify-bundle.ts), entirely in this browser: nothing is sent anywhere.
 */
export function VerifyBundleScreen() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language.startsWith('en') ? 'en' : 'id';
  const [result, setResult] = useState<{ name: string; verdict: BundleVerdict } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const check = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    setProblem(null);
    setResult(null);
    try {
      const files = unzipSync(new Uint8Array(await file.arrayBuffer()));
      setResult({ name: file.name, verdict: await verifyBundle(files) });
    } catch (err) {
      setProblem(
        t('evidence.verify.unreadable', { detail: err instanceof Error ? err.message : String(err) }),
      );
    } finally {
      setBusy(false);
    }
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    void check(e.dataTransfer.files[0]);
  };

  return (
    <section className="panel" aria-labelledby="verify-title">
      <h2 id="verify-title">{t('evidence.verify.title')}</h2>
      <p className="muted">{t('evidence.verify.intro')}</p>
      <div className="drop-zone" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
        <label>
          {t('evidence.verify.choose')}
          <input
            type="file"
            accept=".zip,application/zip"
            data-testid="verify-file"
            disabled={busy}
            onChange={(e) => void check(e.target.files?.[0])}
          />
        </label>
      </div>
      {busy ? <p role="status">{t('evidence.verify.busy')}</p> : null}
      {problem !== null ? (
        <p className="alert alert-error" role="alert">
          {problem}
        </p>
      ) : null}
      {result !== null ? (
        <div data-testid="verify-result" data-ok={result.verdict.ok ? 'yes' : 'no'}>
          <p className={result.verdict.ok ? 'alert alert-success' : 'alert alert-error'} role="status">
            {result.verdict.ok
              ? t('evidence.verify.valid', { name: result.name })
              : t('evidence.verify.invalid', { name: result.name })}
          </p>
          <ul className="verify-checks">
            {result.verdict.checks.map((c) => (
              <li key={c.id} data-testid="verify-check" data-check={c.id} data-status={c.status}>
                <span aria-hidden="true">{MARK[c.status]}</span> {checkName(c.id, lang)}
                {c.detail ? <span className="muted"> — {c.detail}</span> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
