import { PDFDocument, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';
import type { DeviceRecord } from '../../../domain/devices';
import type { Checkpoint, EvidenceReceipt } from '../../../domain/evidence/receipts';
import type { Report } from '../../../domain/report';
import type { ReportEvent } from '../../../domain/report-events';

// The case report inside a bundle, made on the server with pdf-lib: a bundle is built by the server and must
// be complete without any client (the app's printable case report, renderer/src/app/print, needs a browser
// to print to PDF). It says in words what the bundle's JSON proves, for the people reading a case file; the
// verifier checks the JSON, not this PDF.

export interface CasePdfInput {
  report: Report;
  events: ReportEvent[];
  receipts: EvidenceReceipt[];
  devices: DeviceRecord[];
  checkpoint: Checkpoint | null;
  clockLimitMinutes: number;
  createdAt: string;
}

/** Standard PDF fonts speak WinAnsi: other characters are shown as '?', never dropped silently. */
const winAnsi = (text: string): string => text.replace(/[^\u0020-\u007e\u00a0-\u00ff]/g, '?');

/** Minutes between the device's capture time and the server's receipt (positive: received later). */
export function clockDifferenceMinutes(capturedAt: string, receivedAt: string): number {
  return (Date.parse(receivedAt) - Date.parse(capturedAt)) / 60_000;
}

class Writer {
  private page: PDFPage;
  private y = 0;
  constructor(
    private readonly doc: PDFDocument,
    private readonly font: PDFFont,
    private readonly bold: PDFFont,
  ) {
    this.page = this.newPage();
  }
  private newPage(): PDFPage {
    this.page = this.doc.addPage([595.28, 841.89]);
    this.y = 800;
    return this.page;
  }
  line(text: string, opts: { bold?: boolean; size?: number } = {}): void {
    const size = opts.size ?? 9;
    const font = opts.bold ? this.bold : this.font;
    const words = winAnsi(text).split(' ');
    let current = '';
    const flush = () => {
      if (this.y < 50) this.newPage();
      this.page.drawText(current, { x: 45, y: this.y, size, font });
      this.y -= size * 1.45;
      current = '';
    };
    for (const word of words) {
      const next = current ? `${current} ${word}` : word;
      if (font.widthOfTextAtSize(next, size) > 505 && current) {
        flush();
        current = word;
      } else current = next;
    }
    flush();
  }
  gap(): void {
    this.y -= 6;
  }
}

export async function casePdf(input: CasePdfInput): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`Berkas kasus ${input.report.id}`);
  doc.setCreator('Tertib');
  doc.setCreationDate(new Date(input.createdAt));
  const w = new Writer(
    doc,
    await doc.embedFont(StandardFonts.Helvetica),
    await doc.embedFont(StandardFonts.HelveticaBold),
  );
  const r = input.report;
  const receiptOf = (kind: string, id: string) =>
    input.receipts.find((x) => x.kind === kind && x.docId === id);
  const signed = (d: { signature?: string; deviceId?: string }) =>
    d.signature ? `ditandatangani perangkat ${d.deviceId ?? '?'}` : 'tanpa tanda tangan';

  w.line(`Berkas kasus ${r.id}`, { bold: true, size: 14 });
  w.line(
    `Dibuat ${input.createdAt} oleh server Tertib. Periksa keasliannya dengan: tertib-server verify <berkas>.zip`,
  );
  w.gap();
  w.line('Laporan', { bold: true, size: 11 });
  w.line(`Kategori: ${r.categoryId}`);
  w.line(`Uraian: ${r.description}`);
  if (r.placeNote) w.line(`Catatan tempat: ${r.placeNote}`);
  w.line(
    r.location
      ? `Lokasi: ${r.location.lat}, ${r.location.lng} (akurasi ${r.location.accuracyM} m, sumber ${r.location.source}, ${r.location.fixedAt})`
      : 'Lokasi: tidak ada',
  );
  if (r.area) w.line(`Wilayah: ${r.area.kelurahan.name}, ${r.area.kecamatan.name}, ${r.area.kota.name}`);
  w.line(`Petugas: ${r.author}; regu ${r.team ?? '-'}; wilayah ${r.region ?? '-'}; aplikasi ${r.appVersion}`);
  w.line(`Tanda tangan: ${signed(r)}`);
  const received = receiptOf('report', r.id);
  w.line(`Waktu pengambilan (jam perangkat): ${r.capturedAt}`);
  w.line(`Waktu diterima server: ${received?.receivedAt ?? 'belum ada tanda terima'}`);
  if (received) {
    const diff = clockDifferenceMinutes(r.capturedAt, received.receivedAt);
    if (Math.abs(diff) > input.clockLimitMinutes) {
      w.line(
        `PERHATIAN: selisih ${Math.round(diff)} menit antara jam perangkat dan penerimaan server melebihi batas ${input.clockLimitMinutes} menit (jam perangkat mungkin salah, atau laporan lama tersimpan tanpa sinyal). Laporan tidak ditolak karena ini.`,
        { bold: true },
      );
    }
  }
  w.gap();
  w.line('Foto', { bold: true, size: 11 });
  for (const p of r.photos) {
    const pr = receiptOf('photo', p.sha256);
    w.line(`${p.sha256} (${p.width}x${p.height}, ${p.bytes} byte) - diterima ${pr?.receivedAt ?? 'belum'}`);
  }
  w.gap();
  w.line('Riwayat', { bold: true, size: 11 });
  for (const e of input.events) {
    const er = receiptOf('event', e.id);
    w.line(
      `${e.at} ${e.kind} oleh ${e.actor} (${e.actorRole}); ${signed(e)}; diterima ${er?.receivedAt ?? 'belum'}`,
    );
  }
  w.gap();
  w.line('Perangkat', { bold: true, size: 11 });
  for (const d of input.devices) {
    w.line(
      `${d.id}: ${d.user}, ${d.name}${d.revoked ? `; dicabut ${d.revoked.at} (${d.revoked.reason})` : ''}`,
    );
  }
  w.gap();
  w.line('Checkpoint', { bold: true, size: 11 });
  w.line(
    input.checkpoint
      ? `#${input.checkpoint.seq} ${input.checkpoint.at}: ${input.checkpoint.size} tanda terima, akar ${input.checkpoint.root}`
      : 'belum ada',
  );
  return doc.save();
}
