import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionUser, StatsResponse } from '../../../../domain/api';
import { isStatus } from '../../../../domain/status';
import type { ApiClient } from '../../api/api-client';
import { ErrorAlert } from '../ErrorAlert';
import { formatCaptureTime, statusLabel } from '../my-reports/format';
import { KecamatanMap } from './KecamatanMap';
import { PerformanceTable } from './PerformanceTable';
import { RangePicker } from './RangePicker';
import { StatsFigure } from './StatsFigure';
import {
  formatCount,
  formatDay,
  formatDuration,
  formatShare,
  presetRange,
  type DayRange,
} from './stats-format';
import { useStats } from './use-stats';
import './dashboard.css';

/**
 * Supervisors (their region) and admins (everything): counts by status, category, team, day and kota, the
 * share resolved, the median time to `selesai`, and performance per team and officer — all from the
 * server's statistics views, the last answer kept for offline use and shown with its time.
 */
export function DashboardScreen({
  client,
  user,
  categoryLabel,
}: {
  client: ApiClient;
  user: SessionUser;
  categoryLabel: (id: string) => string;
}) {
  const { t, i18n } = useTranslation();
  const [range, setRange] = useState<DayRange>(() => presetRange(30));
  const stats = useStats(client, user.name, range);
  const data = stats.data;
  const lang = i18n.language;
  const rangeText = (r: DayRange) =>
    r.from && r.to
      ? t('dashboard.rangeOf', { from: formatDay(r.from, lang), to: formatDay(r.to, lang) })
      : t('dashboard.allTime');
  const sameRange = data !== null && data.range.from === range.from && data.range.to === range.to;

  return (
    <div className="dashboard">
      <div className="dashboard-toolbar">
        <RangePicker onChange={setRange} />
        <button
          type="button"
          className="button button-secondary"
          disabled={stats.loading}
          onClick={stats.reload}
        >
          {t('dashboard.reload')}
        </button>
      </div>

      {stats.loading && data === null ? <p role="status">{t('dashboard.loading')}</p> : null}
      {stats.error !== null && data !== null ? (
        <p className="alert alert-info" role="status" data-testid="stats-offline">
          {t('dashboard.offline')}
          {sameRange ? null : <> {t('dashboard.cachedRange', { range: rangeText(data.range) })}</>}
        </p>
      ) : null}
      {stats.error !== null && data === null ? (
        isNetwork(stats.error) ? (
          <p className="alert alert-info" role="status">
            {t('dashboard.noData')}
          </p>
        ) : (
          <ErrorAlert error={stats.error} context="general" />
        )
      ) : null}

      {data !== null ? (
        <StatsBody
          data={data}
          source={stats.source}
          categoryLabel={categoryLabel}
          rangeText={rangeText(data.range)}
        />
      ) : null}
      <KecamatanMap range={range} categoryLabel={categoryLabel} />
    </div>
  );
}

function isNetwork(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'network';
}

function StatsBody({
  data,
  source,
  categoryLabel,
  rangeText,
}: {
  data: StatsResponse;
  source: 'server' | 'cache' | null;
  categoryLabel: (id: string) => string;
  rangeText: string;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const teamLabel = (key: string) => (key === '' ? t('dashboard.noTeam') : key);
  const counted = data.total - data.rejected;
  return (
    <>
      <p
        className="muted"
        data-testid="stats-freshness"
        data-source={source ?? ''}
        data-generated-at={data.generatedAt}
      >
        {t('dashboard.asOf', { time: formatCaptureTime(data.generatedAt, lang) })} ·{' '}
        {data.scope.region === null
          ? t('dashboard.scopeAll')
          : t('dashboard.scopeRegion', { region: data.scope.region })}{' '}
        · {rangeText}
      </p>

      <section className="stats-summary" aria-label={t('dashboard.total')}>
        <p className="stats-headline" data-testid="stats-share">
          {data.shareResolved === null
            ? t('dashboard.shareNone')
            : t('dashboard.share', {
                percent: formatShare(data.shareResolved),
                count: formatCount(counted, lang),
              })}
        </p>
        <dl className="stats-cards">
          <div>
            <dt>{t('dashboard.total')}</dt>
            <dd data-testid="stats-total">{formatCount(data.total, lang)}</dd>
          </div>
          <div>
            <dt>{t('dashboard.resolved')}</dt>
            <dd data-testid="stats-resolved">{formatCount(data.resolved, lang)}</dd>
          </div>
          <div>
            <dt>{t('dashboard.rejected')}</dt>
            <dd data-testid="stats-rejected">{formatCount(data.rejected, lang)}</dd>
          </div>
          <div>
            <dt>{t('dashboard.median')}</dt>
            <dd data-testid="stats-median" data-ms={data.medianCloseMs ?? ''}>
              {data.medianCloseMs === null
                ? t('dashboard.medianNone')
                : formatDuration(data.medianCloseMs, lang)}
            </dd>
          </div>
        </dl>
        <p className="muted">{t('dashboard.shareNote')}</p>
      </section>

      {data.total === 0 ? <p className="empty-title">{t('dashboard.empty')}</p> : null}

      <div className="stats-grid">
        <StatsFigure
          id="status"
          title={t('dashboard.byStatus')}
          keyHeader={t('dashboard.colStatus')}
          rows={data.byStatus.map((r) => ({
            ...r,
            label: isStatus(r.key) ? statusLabel(r.key, lang) : r.key,
          }))}
        />
        <StatsFigure
          id="category"
          title={t('dashboard.byCategory')}
          keyHeader={t('dashboard.colCategory')}
          horizontal
          rows={data.byCategory.map((r) => ({ ...r, label: categoryLabel(r.key) }))}
        />
        <StatsFigure
          id="team"
          title={t('dashboard.byTeam')}
          keyHeader={t('dashboard.colTeam')}
          rows={data.byTeam.map((r) => ({ ...r, label: teamLabel(r.key) }))}
        />
        <StatsFigure
          id="kota"
          title={t('dashboard.byKota')}
          keyHeader={t('dashboard.colKota')}
          horizontal
          rows={data.byKota.map((r) => ({ ...r, label: r.name || t('dashboard.noArea') }))}
        />
        <StatsFigure
          id="day"
          title={t('dashboard.byDay')}
          keyHeader={t('dashboard.colDay')}
          scroll
          rows={data.byDay.map((r) => ({ ...r, label: formatDay(r.key, lang) }))}
        />
      </div>

      <PerformanceTable
        id="teams"
        title={t('dashboard.perfTeams')}
        keyHeader={t('dashboard.colTeam')}
        rows={data.teams}
        label={teamLabel}
      />
      <PerformanceTable
        id="officers"
        title={t('dashboard.perfOfficers')}
        keyHeader={t('dashboard.colOfficer')}
        rows={data.officers}
        label={(key) => key}
      />
      <p className="muted">{t('dashboard.perfNote')}</p>
    </>
  );
}
