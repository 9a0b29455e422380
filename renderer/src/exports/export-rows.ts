// The columns of a report export, in order, with their Indonesian headers. One table drives the CSV; the
// GeoJSON uses the same values under stable machine keys. Headers are Indonesian whatever the UI language:
// the files go to Satpol PP offices and courts, and a file's columns must not change with a setting.

import type { LocationSource } from '../../../domain/report';
import { STATUS_LABELS } from '../../../domain/status';
import type { CaseRecord } from './case-record';
import { formatWib, toWibIso } from './wib-time';

/** A cell: text, or a number kept as a number (so a spreadsheet sums it and no formula guard touches it). */
export type ExportCell = string | number;

export interface ExportLabels {
  /** The category's Indonesian label (categories are server data); the id itself when unknown. */
  category(categoryId: string): string;
}

export const LOCATION_SOURCE_LABELS: Record<LocationSource, string> = {
  device: 'GPS perangkat',
  gnss: 'GNSS eksternal',
  exif: 'EXIF foto',
  manual: 'Pin manual',
};

/** Separates several values in one cell (photo hashes). A sha256 never contains it. */
export const LIST_SEPARATOR = '; ';

interface Column {
  key: string;
  header: string;
  value(record: CaseRecord, labels: ExportLabels): ExportCell;
}

const text = (v: string | null | undefined): string => v ?? '';
const time = (iso: string | null | undefined): string => (iso ? toWibIso(iso) : '');
const readable = (iso: string | null | undefined): string => (iso ? formatWib(iso) : '');

export const EXPORT_COLUMNS: readonly Column[] = [
  { key: 'id', header: 'ID laporan', value: (r) => r.report.id },
  { key: 'categoryId', header: 'Kode kategori', value: (r) => r.report.categoryId },
  { key: 'category', header: 'Kategori', value: (r, l) => l.category(r.report.categoryId) },
  { key: 'status', header: 'Status', value: (r) => STATUS_LABELS[r.state.status].id },
  {
    key: 'capturedAt',
    header: 'Waktu pengambilan (ISO 8601, WIB +07:00)',
    value: (r) => time(r.report.capturedAt),
  },
  { key: 'capturedAtWib', header: 'Waktu pengambilan (WIB)', value: (r) => readable(r.report.capturedAt) },
  {
    key: 'createdAt',
    header: 'Waktu laporan dibuat (ISO 8601, WIB +07:00)',
    value: (r) => time(r.report.createdAt),
  },
  { key: 'lat', header: 'Lintang', value: (r) => r.report.location?.lat ?? '' },
  { key: 'lng', header: 'Bujur', value: (r) => r.report.location?.lng ?? '' },
  { key: 'accuracyM', header: 'Akurasi (m)', value: (r) => r.report.location?.accuracyM ?? '' },
  {
    key: 'locationSource',
    header: 'Sumber lokasi',
    value: (r) => (r.report.location ? LOCATION_SOURCE_LABELS[r.report.location.source] : 'Tanpa lokasi'),
  },
  {
    key: 'locationFixedAt',
    header: 'Waktu fix lokasi (ISO 8601, WIB +07:00)',
    value: (r) => time(r.report.location?.fixedAt),
  },
  { key: 'kelurahan', header: 'Kelurahan', value: (r) => text(r.report.area?.kelurahan.name) },
  { key: 'kecamatan', header: 'Kecamatan', value: (r) => text(r.report.area?.kecamatan.name) },
  { key: 'kota', header: 'Kota', value: (r) => text(r.report.area?.kota.name) },
  {
    key: 'kelurahanCode',
    header: 'Kode kelurahan (Kemendagri)',
    value: (r) => text(r.report.area?.kelurahan.code),
  },
  { key: 'officer', header: 'Petugas', value: (r) => r.report.author },
  { key: 'team', header: 'Regu', value: (r) => text(r.report.team) },
  { key: 'region', header: 'Wilayah', value: (r) => text(r.report.region) },
  { key: 'description', header: 'Deskripsi', value: (r) => r.report.description },
  { key: 'placeNote', header: 'Catatan tempat', value: (r) => text(r.report.placeNote) },
  { key: 'verified', header: 'Terverifikasi', value: (r) => (r.state.verified ? 'Ya' : 'Tidak') },
  { key: 'unit', header: 'Unit disposisi', value: (r) => text(r.state.unit) },
  { key: 'assignedTeam', header: 'Ditugaskan ke regu', value: (r) => text(r.state.assignedTeam) },
  { key: 'assignedOfficer', header: 'Ditugaskan ke petugas', value: (r) => text(r.state.assignedOfficer) },
  { key: 'rejectionReason', header: 'Alasan penolakan', value: (r) => text(r.state.rejectionReason) },
  { key: 'duplicateOf', header: 'Duplikat dari', value: (r) => text(r.state.duplicateOf) },
  { key: 'closedAt', header: 'Waktu selesai (ISO 8601, WIB +07:00)', value: (r) => time(r.closedAt) },
  { key: 'events', header: 'Jumlah peristiwa', value: (r) => r.timeline.length },
  { key: 'comments', header: 'Jumlah komentar', value: (r) => r.state.comments },
  { key: 'photoCount', header: 'Jumlah foto', value: (r) => r.report.photos.length },
  {
    key: 'photos',
    header: 'Foto (sha256)',
    value: (r) => r.report.photos.map((p) => p.sha256).join(LIST_SEPARATOR),
  },
];

export const EXPORT_HEADERS: readonly string[] = EXPORT_COLUMNS.map((c) => c.header);

export function exportRow(record: CaseRecord, labels: ExportLabels): ExportCell[] {
  return EXPORT_COLUMNS.map((c) => c.value(record, labels));
}
