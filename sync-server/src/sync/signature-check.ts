import type { DeviceRecord } from '../../../domain/devices';
import { documentHash, isSigned, verifyDocument } from '../../../domain/evidence/signatures';
import { FIRST_SIGNED_PHOTO_VERSION, SIGNED_PHOTO_FIELDS } from '../../../domain/evidence/photo-documents';
import { FIRST_SIGNED_REPORT_VERSION } from '../../../domain/report';

// The gateway's check of device signatures (issue 11), before a report, event or photo document is stored. Sentences start
// with "Unsigned" or "Signature refused" (renderer/src/app/refusal-message.ts translates them for the
// officer, who sees the document as *ditolak* with the reason).
//
// Which documents must be signed: every report of schema version 2 or later (the app signs since then), and
// every event that carries any of the signed-event fields, every photo document of version 2 or later or
// carrying any of the signed-photo fields; with `requireSignatures`
// (TERTIB_REQUIRE_SIGNATURES, once every device runs an app that signs) every new report, event and photo. Older
// unsigned documents are accepted as they always were and shown as *tanpa tanda tangan*.

export interface DeviceLookup {
  getMany(ids: Iterable<string>): Promise<Map<string, DeviceRecord>>;
}

export interface SignaturePolicy {
  devices: DeviceLookup;
  requireSignatures: boolean;
}

const SIGNED_EVENT_FIELDS = ['deviceId', 'reportHash', 'prev', 'signature'];

export type SignedKind = 'report' | 'event' | 'photo';

const versionAtLeast = (doc: Record<string, unknown>, version: number) =>
  typeof doc.schemaVersion === 'number' && doc.schemaVersion >= version;

function mustBeSigned(doc: Record<string, unknown>, kind: SignedKind, policy: SignaturePolicy): boolean {
  if (policy.requireSignatures) return true;
  if (kind === 'report') return versionAtLeast(doc, FIRST_SIGNED_REPORT_VERSION);
  if (kind === 'photo')
    return (
      versionAtLeast(doc, FIRST_SIGNED_PHOTO_VERSION) || SIGNED_PHOTO_FIELDS.some((f) => doc[f] !== undefined)
    );
  return SIGNED_EVENT_FIELDS.some((f) => doc[f] !== undefined);
}

/**
 * Why each of `docs` (by index) is refused for its signature; documents absent from the map pass. `reports`
 * holds the stored reports the events refer to (an event must name its report's hash).
 */
export async function signatureRefusals(
  docs: ReadonlyArray<Record<string, unknown> | null>,
  kind: SignedKind,
  policy: SignaturePolicy,
  reports: Map<string, Record<string, unknown>> = new Map(),
): Promise<Map<number, string>> {
  const refusals = new Map<number, string>();
  const deviceIds = docs.flatMap((d) =>
    d && isSigned(d) && typeof d.deviceId === 'string' ? [d.deviceId] : [],
  );
  const devices =
    deviceIds.length > 0 ? await policy.devices.getMany(deviceIds) : new Map<string, DeviceRecord>();
  const reportHashes = new Map<string, Promise<string>>();
  const hashOf = (id: string, report: Record<string, unknown>) => {
    let h = reportHashes.get(id);
    if (!h) reportHashes.set(id, (h = documentHash(report)));
    return h;
  };

  await Promise.all(
    docs.map(async (doc, index) => {
      if (!doc || doc.type !== kind) return;
      const refuse = (reason: string) => void refusals.set(index, reason);
      if (!isSigned(doc)) {
        if (mustBeSigned(doc, kind, policy))
          refuse(`Unsigned ${kind}: this app signs what it makes, and this ${kind} carries no signature.`);
        return;
      }
      const deviceId = typeof doc.deviceId === 'string' ? doc.deviceId : '';
      const device = devices.get(deviceId);
      if (!device) return refuse(`Signature refused: unknown device "${deviceId}".`);
      const signer = kind === 'event' ? doc.actor : doc.author;
      if (device.user !== signer)
        return refuse(`Signature refused: device "${deviceId}" is registered to another account.`);
      if (device.revoked)
        return refuse(`Signature refused: device "${deviceId}" was revoked (${device.revoked.reason}).`);
      if (!(await verifyDocument(doc, device.publicKey)))
        return refuse('Signature refused: the signature does not match the document.');
      if (kind === 'event') {
        const reportId = String(doc.reportId);
        const report = reports.get(reportId);
        if (typeof doc.reportHash !== 'string' || doc.prev === undefined)
          return refuse('Signature refused: a signed event must name its report (reportHash) and prev.');
        if (report && doc.reportHash !== (await hashOf(reportId, report)))
          return refuse('Signature refused: the event names another version of its report.');
      }
    }),
  );
  return refusals;
}
