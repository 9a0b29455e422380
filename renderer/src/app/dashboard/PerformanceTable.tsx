import { useTranslation } from 'react-i18next';
import type { PerformanceRow } from '../../../../domain/api';
import { formatCount, formatDuration } from './stats-format';

/** Reports filed, cases done and the median time to done, per team or per officer. */
export function PerformanceTable({
  id,
  title,
  keyHeader,
  rows,
  label,
}: {
  id: string;
  title: string;
  keyHeader: string;
  rows: PerformanceRow[];
  label: (key: string) => string;
}) {
  const { t, i18n } = useTranslation();
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      <div className="table-scroll">
        <table className="table stats-table" data-testid={`table-${id}`}>
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{keyHeader}</th>
              <th scope="col" className="num">
                {t('dashboard.filed')}
              </th>
              <th scope="col" className="num">
                {t('dashboard.closed')}
              </th>
              <th scope="col" className="num">
                {t('dashboard.medianClose')}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key} data-key={r.key}>
                <th scope="row">{label(r.key)}</th>
                <td className="num" data-testid="filed">
                  {formatCount(r.filed, i18n.language)}
                </td>
                <td className="num" data-testid="closed">
                  {formatCount(r.closed, i18n.language)}
                </td>
                <td className="num" data-testid="median" data-ms={r.medianCloseMs ?? ''}>
                  {r.medianCloseMs === null
                    ? t('dashboard.none')
                    : formatDuration(r.medianCloseMs, i18n.language)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
