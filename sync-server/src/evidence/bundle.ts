import { zipSync } from 'fflate';
import type { DeviceRecord } from '../../../domain/devices';
import { chainOrder } from '../../../domain/evidence/chain';
import {
  BUNDLE_FILES,
  type BundleManifest,
  photoDocumentFileName,
  photoFileName,
} from '../../../domain/evidence/bundle-format';
import { canonicalJson } from '../../../domain/evidence/canonical';
import type { EvidenceReceipt } from '../../../domain/evidence/receipts';
import { documentHash, evidenceContent } from '../../../domain/evidence/signatures';
import { sha256Hex, utf8 } from '../../../domain/evidence/web-crypto';
import { PHOTO_ATTACHMENT, photoDocId, receiptDocId } from '../../../domain/photo-rules';
import type { Photo, Report } from '../../../domain/report';
import type { ReportEvent } from '../../../domain/report-events';
import type { BackendHttp } from '../sync/backend-http';
import { fetchDocs } from '../sync/bulk-docs';
import { casePdf } from './case-pdf';
import { type EvidenceStore, receiptId } from './evidence-store';
import type { ServerSigner } from './server-key';

// The case bundle (issue 11): one ZIP a third party verifies offline (domain/evidence/verify-bundle.ts):
// the report and its events as JSON with their signatures, every JPEG they name byte for byte with its photo
// document as the device signed it, the server's
// signed receipts, the devices' public keys, the server's public key, the latest checkpoint with an
// inclusion proof per receipt, the PDF case report, and a manifest of every file's sha256.

export interface BundleDeps {
  http: BackendHttp;
  photosDb: string;
  evidence: EvidenceStore;
  signer: ServerSigner;
  devices: { getMany(ids: Iterable<string>): Promise<Map<string, DeviceRecord>> };
  clockLimitMinutes: number;
  now?: () => Date;
}

const json = (value: unknown): Uint8Array => utf8(JSON.stringify(value, null, 2) + '\n');

/** Photos the report and its events name, each with the document that names it. */
function namedPhotos(
  report: Report,
  events: ReportEvent[],
): Array<{ photo: Photo; reportId: string; by: Record<string, unknown> }> {
  const out = new Map<string, { photo: Photo; reportId: string; by: Record<string, unknown> }>();
  for (const p of report.photos)
    out.set(p.sha256, { photo: p, reportId: report.id, by: report as unknown as Record<string, unknown> });
  for (const e of events) {
    if (e.kind !== 'status-changed') continue;
    for (const p of e.photos ?? [])
      if (!out.has(p.sha256))
        out.set(p.sha256, { photo: p, reportId: report.id, by: e as unknown as Record<string, unknown> });
  }
  return [...out.values()];
}

export async function buildBundle(
  deps: BundleDeps,
  found: { report: Report; events: ReportEvent[] },
): Promise<Uint8Array> {
  const createdAt = (deps.now?.() ?? new Date()).toISOString();
  const { report } = found;
  const hashed = await Promise.all(
    found.events.map(async (e) => ({
      ...e,
      hash: await documentHash(e as unknown as Record<string, unknown>),
    })),
  );
  const events: ReportEvent[] = chainOrder(hashed).map(({ hash: _h, ...e }) => e as ReportEvent);
  const files: Record<string, Uint8Array> = {};

  // Photos: the stored bytes and photo documents. The photo worker signs each photo's receipt when it has
  // re-hashed the bytes; a photo stored before it did (older servers) gets it signed here, from the worker's
  // receipt and its time — written only where none exists, so a receipt signed at receipt time is kept.
  const photos = namedPhotos(report, events);
  const [workerReceipts, photoDocs] = await Promise.all([
    fetchDocs(
      deps.http,
      deps.photosDb,
      photos.map((p) => receiptDocId(p.photo.sha256)),
    ),
    fetchDocs(
      deps.http,
      deps.photosDb,
      photos.map((p) => photoDocId(p.photo.sha256)),
    ),
  ]);
  const signedPhotoDocs: Array<Record<string, unknown>> = [];
  const photoReceipts = [];
  for (const { photo, reportId, by } of photos) {
    const photoDoc = photoDocs.get(photoDocId(photo.sha256));
    if (photoDoc) {
      const content = evidenceContent(photoDoc);
      files[photoDocumentFileName(photo.sha256)] = json(content);
      if (typeof content.signature === 'string') signedPhotoDocs.push(content);
    }
    const res = await deps.http.admin(
      `${deps.photosDb}/${encodeURIComponent(photoDocId(photo.sha256))}/${PHOTO_ATTACHMENT}`,
    );
    if (!res.ok) {
      await res.body?.cancel();
      continue; // not on the server (yet): the verifier reports the photo as missing
    }
    files[photoFileName(photo.sha256)] = new Uint8Array(await res.arrayBuffer());
    const worker = workerReceipts.get(receiptDocId(photo.sha256));
    if (worker && typeof worker.receivedAt === 'string') {
      photoReceipts.push({
        kind: 'photo' as const,
        docId: photo.sha256,
        hash: photo.sha256,
        reportId,
        reportHash: await documentHash(by),
        receivedAt: worker.receivedAt,
      });
    }
  }
  await deps.evidence.write(photoReceipts);
  await deps.evidence.checkpoint();

  const ids = [
    receiptId('report', report.id),
    ...events.map((e) => receiptId('event', e.id)),
    ...photos.map((p) => receiptId('photo', p.photo.sha256)),
  ];
  const receipts = await deps.evidence.receipts(ids);
  const { checkpoint, proofs } = await deps.evidence.proofs([...receipts.keys()]);
  const deviceIds = [
    ...[report, ...events].flatMap((d) =>
      typeof d.deviceId === 'string' && d.signature ? [d.deviceId] : [],
    ),
    ...signedPhotoDocs.flatMap((d) => (typeof d.deviceId === 'string' ? [d.deviceId] : [])),
  ];
  const devices = [...(await deps.devices.getMany(deviceIds)).values()].map((d) => ({
    id: d.id,
    user: d.user,
    algorithm: d.algorithm,
    publicKey: d.publicKey,
    name: d.name,
    firstContact: d.firstContact,
    revoked: d.revoked,
  }));
  const receiptList: EvidenceReceipt[] = ids.flatMap((id) => {
    const r = receipts.get(id);
    return r ? [r] : [];
  });

  files[BUNDLE_FILES.report] = json(report);
  files[BUNDLE_FILES.events] = json(events);
  files[BUNDLE_FILES.receipts] = json(receiptList);
  files[BUNDLE_FILES.devices] = json(devices);
  files[BUNDLE_FILES.serverKey] = json(deps.signer.info);
  files[BUNDLE_FILES.checkpoint] = json({ checkpoint, proofs });
  files[BUNDLE_FILES.pdf] = await casePdf({
    report,
    events,
    receipts: receiptList,
    devices: devices as DeviceRecord[],
    checkpoint,
    clockLimitMinutes: deps.clockLimitMinutes,
    createdAt,
  });
  const manifest: BundleManifest = {
    format: 'tertib-case-bundle-1',
    caseId: report.id,
    createdAt,
    clockLimitMinutes: deps.clockLimitMinutes,
    files: await Promise.all(
      Object.keys(files)
        .sort()
        .map(async (name) => ({ name, bytes: files[name]!.length, sha256: await sha256Hex(files[name]!) })),
    ),
  };
  files[BUNDLE_FILES.manifest] = utf8(canonicalJson(manifest));
  // JPEGs are stored, not deflated: they do not shrink, and the ZIP then holds them exactly as received.
  return zipSync(
    Object.fromEntries(
      Object.entries(files).map(([name, bytes]) => [name, [bytes, { level: name.endsWith('.jpg') ? 0 : 6 }]]),
    ) as Parameters<typeof zipSync>[0],
    { mtime: new Date(createdAt) },
  );
}
