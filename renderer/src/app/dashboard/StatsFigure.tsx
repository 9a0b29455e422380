import { BarElement, CategoryScale, Chart as ChartJS, LinearScale, Tooltip } from 'chart.js';
import { Bar } from 'react-chartjs-2';
import { useTranslation } from 'react-i18next';
import { formatCount } from './stats-format';

ChartJS.register(CategoryScale, LinearScale, BarElement, Tooltip);

export interface FigureRow {
  key: string;
  label: string;
  count: number;
}

/**
 * One chart with its numbers as a table beside it: the table is the accessible (and exact) form, the
 * chart the quick look. The canvas is labelled as an image that points to the table.
 */
export function StatsFigure({
  id,
  title,
  keyHeader,
  rows,
  horizontal = false,
  scroll = false,
}: {
  id: string;
  title: string;
  keyHeader: string;
  rows: FigureRow[];
  horizontal?: boolean;
  /** Long tables (days) scroll inside their box. */
  scroll?: boolean;
}) {
  const { t, i18n } = useTranslation();
  return (
    <section className="panel stats-figure" aria-labelledby={`${id}-title`} data-testid={`stats-${id}`}>
      <h2 id={`${id}-title`}>{title}</h2>
      <div className="stats-figure-body">
        <div className={horizontal ? 'stats-chart stats-chart-tall' : 'stats-chart'}>
          <Bar
            role="img"
            aria-label={t('dashboard.chartLabel', { title })}
            data={{
              labels: rows.map((r) => r.label),
              datasets: [
                { label: t('dashboard.count'), data: rows.map((r) => r.count), backgroundColor: '#1b3a66' },
              ],
            }}
            options={{
              indexAxis: horizontal ? 'y' : 'x',
              animation: false,
              maintainAspectRatio: false,
              responsive: true,
              plugins: { legend: { display: false } },
              scales: { [horizontal ? 'x' : 'y']: { beginAtZero: true, ticks: { precision: 0 } } },
            }}
          />
        </div>
        <div className={scroll ? 'table-scroll stats-table-scroll' : 'table-scroll'}>
          <table className="table stats-table" data-testid={`table-${id}`}>
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{keyHeader}</th>
                <th scope="col" className="num">
                  {t('dashboard.count')}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.key} data-key={r.key}>
                  <th scope="row">{r.label}</th>
                  <td className="num" data-testid="count">
                    {formatCount(r.count, i18n.language)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}
