// GeoJSON (RFC 7946): one Feature per report, in the order given. Positions are [longitude, latitude]
// (RFC 7946 §3.1.1; the reverse of how people say them, and the classic mistake). A report filed without a
// location is still a Feature, with `geometry: null` (§3.2 allows an unlocated feature), so the file always
// has exactly one feature per report. Every feature has the same property keys; a value that does not exist
// is JSON `null` — never an empty string, never the text "null" — so GIS tools see one schema.

import type { LocationSource } from '../../../domain/report';
import { STATUS_LABELS, type Status } from '../../../domain/status';
import type { CaseRecord } from './case-record';
import { LOCATION_SOURCE_LABELS, type ExportLabels } from './export-rows';

export interface ReportFeatureProperties {
  id: string;
  categoryId: string;
  category: string;
  status: Status;
  statusLabel: string;
  /** UTC, as stored (`toISOString()`). */
  capturedAt: string;
  createdAt: string;
  accuracyM: number | null;
  locationSource: LocationSource | null;
  locationSourceLabel: string | null;
  locationFixedAt: string | null;
  kelurahan: string | null;
  kelurahanCode: string | null;
  kecamatan: string | null;
  kecamatanCode: string | null;
  kota: string | null;
  kotaCode: string | null;
  officer: string;
  team: string | null;
  region: string | null;
  description: string;
  placeNote: string | null;
  verified: boolean;
  unit: string | null;
  assignedTeam: string | null;
  assignedOfficer: string | null;
  rejectionReason: string | null;
  duplicateOf: string | null;
  closedAt: string | null;
  events: number;
  comments: number;
  photos: Array<{ sha256: string; bytes: number; width: number; height: number }>;
}

export interface ReportFeature {
  type: 'Feature';
  id: string;
  geometry: { type: 'Point'; coordinates: [number, number] } | null;
  properties: ReportFeatureProperties;
}

export interface ReportFeatureCollection {
  type: 'FeatureCollection';
  features: ReportFeature[];
}

export function reportFeature(record: CaseRecord, labels: ExportLabels): ReportFeature {
  const { report, state } = record;
  const loc = report.location;
  return {
    type: 'Feature',
    id: report.id,
    geometry: loc === null ? null : { type: 'Point', coordinates: [loc.lng, loc.lat] },
    properties: {
      id: report.id,
      categoryId: report.categoryId,
      category: labels.category(report.categoryId),
      status: state.status,
      statusLabel: STATUS_LABELS[state.status].id,
      capturedAt: report.capturedAt,
      createdAt: report.createdAt,
      accuracyM: loc?.accuracyM ?? null,
      locationSource: loc?.source ?? null,
      locationSourceLabel: loc ? LOCATION_SOURCE_LABELS[loc.source] : null,
      locationFixedAt: loc?.fixedAt ?? null,
      kelurahan: report.area?.kelurahan.name ?? null,
      kelurahanCode: report.area?.kelurahan.code ?? null,
      kecamatan: report.area?.kecamatan.name ?? null,
      kecamatanCode: report.area?.kecamatan.code ?? null,
      kota: report.area?.kota.name ?? null,
      kotaCode: report.area?.kota.code ?? null,
      officer: report.author,
      team: report.team,
      region: report.region,
      description: report.description,
      placeNote: report.placeNote ?? null,
      verified: state.verified,
      unit: state.unit,
      assignedTeam: state.assignedTeam,
      assignedOfficer: state.assignedOfficer,
      rejectionReason: state.rejectionReason,
      duplicateOf: state.duplicateOf,
      closedAt: record.closedAt,
      events: record.timeline.length,
      comments: state.comments,
      photos: report.photos.map((p) => ({
        sha256: p.sha256,
        bytes: p.bytes,
        width: p.width,
        height: p.height,
      })),
    },
  };
}

export function reportsToGeoJson(
  records: readonly CaseRecord[],
  labels: ExportLabels,
): ReportFeatureCollection {
  return { type: 'FeatureCollection', features: records.map((r) => reportFeature(r, labels)) };
}

/** The file's text: JSON (RFC 7946 requires UTF-8, without a byte order mark), one feature per line. */
export function geoJsonText(collection: ReportFeatureCollection): string {
  const features = collection.features.map((f) => JSON.stringify(f)).join(',\n');
  return `{"type":"FeatureCollection","features":[\n${features}\n]}\n`;
}
