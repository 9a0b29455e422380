import type {
  AreaCountRow,
  CountRow,
  PerformanceRow,
  PublicStatsResponse,
  StatsResponse,
} from '../../../domain/api';
import { median, NO_AREA_KEY, shareResolved, statsDay } from '../../../domain/report-stats';
import { STATUSES } from '../../../domain/status';
import type { CategoryStore } from '../categories';
import { type BackendHttp, jsonOrThrow } from '../sync/backend-http';
import type { AreaDirectory } from '../areas';
import { ALL_SCOPE, COUNT_DIMENSIONS, STATS_DESIGN, type CountDimension } from './views';

// Reads the statistics views and shapes the answers of `/api/stats` and `/api/public/stats`. Every count is
// one grouped read of the `counts` view over a key range (scope, then days); median close times read the
// `closed` view's rows of that range (one short row per closed case, no documents). Nothing here reads a
// report or a state document.

export interface DayRange {
  from: string | null;
  to: string | null;
}

interface CountsViewRow {
  key: [string, string, CountDimension, string];
  value: number;
}

interface ClosedViewRow {
  key: [string, string, number];
  value: [string | null, string | null];
}

export interface Counts {
  dims: Record<CountDimension, Map<string, number>>;
  days: Map<string, number>;
}

/** Longest range whose empty days are filled in (a chart of years is shown by the days that have reports). */
const MAX_FILLED_DAYS = 1000;

export class StatsReader {
  constructor(
    private readonly http: BackendHttp,
    private readonly statesDb: string,
    private readonly categories: CategoryStore,
    private readonly areas: Pick<AreaDirectory, 'name'>,
  ) {}

  private async view<T>(name: string, params: Record<string, unknown>): Promise<T[]> {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) qs.set(k, typeof v === 'string' ? v : JSON.stringify(v));
    const page = await jsonOrThrow<{ rows: T[] }>(
      await this.http.admin(`${this.statesDb}/_design/${STATS_DESIGN}/_view/${name}?${qs}`),
      `stats view ${name}`,
    );
    return page.rows;
  }

  private static keyRange(scope: string, range: DayRange): Record<string, unknown> {
    return {
      startkey: range.from ? [scope, range.from] : [scope],
      endkey: range.to ? [scope, range.to, {}] : [scope, {}],
    };
  }

  async counts(scope: string, range: DayRange): Promise<Counts> {
    const rows = await this.view<CountsViewRow>('counts', {
      group_level: 4,
      ...StatsReader.keyRange(scope, range),
    });
    const dims = Object.fromEntries(
      COUNT_DIMENSIONS.map((d) => [d, new Map<string, number>()]),
    ) as Counts['dims'];
    const days = new Map<string, number>();
    for (const { key, value } of rows) {
      const [, day, dim, v] = key;
      const map = dims[dim];
      if (!map) continue;
      map.set(v, (map.get(v) ?? 0) + value);
      // Every state emits exactly one status row: the status rows count the reports of each day.
      if (dim === 'status') days.set(day, (days.get(day) ?? 0) + value);
    }
    return { dims, days };
  }

  async closed(scope: string, range: DayRange): Promise<ClosedViewRow[]> {
    return this.view<ClosedViewRow>('closed', { reduce: false, ...StatsReader.keyRange(scope, range) });
  }

  async stats(region: string | null, range: DayRange): Promise<StatsResponse> {
    const scope = region ?? ALL_SCOPE;
    const [counts, closed] = await Promise.all([this.counts(scope, range), this.closed(scope, range)]);
    const { dims } = counts;
    const total = sum(dims.status);
    const resolved = dims.status.get('selesai') ?? 0;
    const rejected = dims.status.get('ditolak') ?? 0;
    const closeByTeam = new Map<string, number[]>();
    const closeByOfficer = new Map<string, number[]>();
    for (const { key, value } of closed) {
      push(closeByTeam, value[0] ?? '', key[2]);
      if (value[1] !== null) push(closeByOfficer, value[1], key[2]);
    }
    return {
      ok: true,
      generatedAt: new Date().toISOString(),
      scope: { region },
      range,
      total,
      resolved,
      rejected,
      shareResolved: shareResolved(total, resolved, rejected),
      medianCloseMs: median(closed.map((r) => r.key[2])),
      byStatus: STATUSES.map((s) => ({ key: s, count: dims.status.get(s) ?? 0 })),
      byCategory: byCount(dims.category),
      byTeam: byCount(dims.team),
      byDay: byDay(counts.days, range),
      byKota: await this.areaRows(dims.kota),
      teams: performance(dims.team, closeByTeam),
      officers: performance(dims.author, closeByOfficer),
    };
  }

  async publicStats(suppressBelow: number, now = new Date()): Promise<PublicStatsResponse> {
    const through = statsDay(new Date(now.getTime() - DAY_MS).toISOString());
    const [{ dims, days }, categories] = await Promise.all([
      this.counts(ALL_SCOPE, { from: null, to: through }),
      this.categories.list(),
    ]);
    const total = sum(dims.status);
    const resolved = dims.status.get('selesai') ?? 0;
    const rejected = dims.status.get('ditolak') ?? 0;
    const withoutArea = dims.kecamatan.get(NO_AREA_KEY) ?? 0;
    const shown = new Map<string, number>();
    let otherAreas = 0;
    for (const [code, count] of dims.kecamatan) {
      if (code === NO_AREA_KEY) continue;
      if (count >= suppressBelow) shown.set(code, count);
      else otherAreas += count;
    }
    const label = new Map(categories.map((c) => [c.id, c.label.id]));
    return {
      ok: true,
      generatedAt: now.toISOString(),
      through,
      suppressBelow,
      total,
      resolved,
      rejected,
      shareResolved: shareResolved(total, resolved, rejected),
      byCategory: byCount(dims.category).map((r) => ({ ...r, name: label.get(r.key) ?? r.key })),
      byStatus: STATUSES.map((s) => ({ key: s, count: dims.status.get(s) ?? 0 })),
      byDay: byDay(days, { from: null, to: through }),
      byArea: await this.areaRows(shown),
      otherAreas,
      withoutArea,
    };
  }

  private async areaRows(counts: Map<string, number>): Promise<AreaCountRow[]> {
    const rows: AreaCountRow[] = [];
    for (const r of byCount(counts)) {
      const name = r.key === NO_AREA_KEY ? '' : ((await this.areas.name(r.key)) ?? r.key);
      rows.push({ ...r, name });
    }
    return rows;
  }
}

function sum(map: Map<string, number>): number {
  let n = 0;
  for (const v of map.values()) n += v;
  return n;
}

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Largest first; ties by key, so the order is stable between reads. */
function byCount(map: Map<string, number>): CountRow[] {
  return [...map]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

const DAY_MS = 86_400_000;

/** Every day of the range (or from the first to the last day with reports), empty days as 0. */
function byDay(days: Map<string, number>, range: DayRange): CountRow[] {
  const present = [...days.keys()].sort();
  const first = range.from ?? present[0];
  const last = range.to ?? present[present.length - 1];
  if (first === undefined || last === undefined) return [];
  const start = Date.parse(`${first}T00:00:00.000Z`);
  const end = Date.parse(`${last}T00:00:00.000Z`);
  if ((end - start) / DAY_MS > MAX_FILLED_DAYS) {
    return present.map((key) => ({ key, count: days.get(key) ?? 0 }));
  }
  const rows: CountRow[] = [];
  for (let t = start; t <= end; t += DAY_MS) {
    const key = new Date(t).toISOString().slice(0, 10);
    rows.push({ key, count: days.get(key) ?? 0 });
  }
  return rows;
}

function performance(filed: Map<string, number>, closed: Map<string, number[]>): PerformanceRow[] {
  const keys = new Set([...filed.keys(), ...closed.keys()]);
  return [...keys]
    .map((key) => {
      const durations = closed.get(key) ?? [];
      return {
        key,
        filed: filed.get(key) ?? 0,
        closed: durations.length,
        medianCloseMs: median(durations),
      };
    })
    .sort((a, b) => b.filed - a.filed || b.closed - a.closed || (a.key < b.key ? -1 : 1));
}
