import Supercluster from 'supercluster';
import { STATUSES, type Status } from '../../../../domain/status';
import type { ReviewRow } from '../../data/review/use-review';

// The queue map's clusters (issue 12): the filtered rows with a location, in supercluster (a k-d tree per
// zoom; ~50 000 points index in a fraction of a second), each cluster counting its reports per status so it is
// coloured by the status most of them have.

interface PointProps {
  id: string;
  status: Status;
}
type ClusterProps = { counts: Record<Status, number> };

export type MapItem =
  | { kind: 'report'; id: string; status: Status; lat: number; lng: number }
  | {
      kind: 'cluster';
      clusterId: number;
      count: number;
      status: Status;
      counts: Record<Status, number>;
      lat: number;
      lng: number;
    };

const emptyCounts = (): Record<Status, number> =>
  Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;

export class QueueMapIndex {
  private readonly index: Supercluster<PointProps, ClusterProps>;
  /** Rows with a location, and the bounds around them (null: none has one). */
  readonly located: number;
  readonly bounds: [number, number, number, number] | null;

  constructor(rows: readonly ReviewRow[]) {
    this.index = new Supercluster<PointProps, ClusterProps>({
      radius: 60,
      maxZoom: 17,
      map: (p) => {
        const counts = emptyCounts();
        counts[p.status] = 1;
        return { counts };
      },
      reduce: (acc, p) => {
        for (const s of STATUSES) acc.counts[s] += p.counts[s];
      },
    });
    const points: Array<Supercluster.PointFeature<PointProps>> = [];
    let w = 180;
    let s = 90;
    let e = -180;
    let n = -90;
    for (const row of rows) {
      const loc = row.report.location;
      if (!loc) continue;
      points.push({
        type: 'Feature',
        properties: { id: row.id, status: row.status },
        geometry: { type: 'Point', coordinates: [loc.lng, loc.lat] },
      });
      w = Math.min(w, loc.lng);
      e = Math.max(e, loc.lng);
      s = Math.min(s, loc.lat);
      n = Math.max(n, loc.lat);
    }
    this.index.load(points);
    this.located = points.length;
    this.bounds = points.length ? [w, s, e, n] : null;
  }

  /** What to draw for this view: single reports and clusters, whose counts add up to the reports inside. */
  items(bbox: [number, number, number, number], zoom: number): MapItem[] {
    return this.index.getClusters(bbox, Math.round(zoom)).map((f): MapItem => {
      const [lng, lat] = f.geometry.coordinates as [number, number];
      const p = f.properties as PointProps | (Supercluster.ClusterProperties & ClusterProps);
      if ('cluster' in p && p.cluster) {
        const counts = p.counts;
        const status = STATUSES.reduce((best, s) => (counts[s] > counts[best] ? s : best), STATUSES[0]);
        return { kind: 'cluster', clusterId: p.cluster_id, count: p.point_count, status, counts, lat, lng };
      }
      const point = p as PointProps;
      return { kind: 'report', id: point.id, status: point.status, lat, lng };
    });
  }

  /** The zoom at which a cluster falls apart (a click on it zooms there). */
  expansionZoom(clusterId: number): number {
    return this.index.getClusterExpansionZoom(clusterId);
  }
}
