// The offline verifier of a case bundle (issue 11), shared by `tertib-server verify` and the app's *Periksa
// berkas* screen: it needs nothing but the bundle's own files. Each check holds or fails on its own, so a
// tampered bundle names exactly what does not hold; the clock check only flags, it never fails.

import {
  BUNDLE_FILES,
  type BundleDevice,
  type BundleManifest,
  photoDocumentFileName,
  photoFileName,
} from './bundle-format';
import { type ChainedEvent, checkChain } from './chain';
import { verifyInclusion } from './merkle';
import {
  type Checkpoint,
  type EvidenceReceipt,
  type ServerKeyInfo,
  receiptLeaf,
  verifyCheckpoint,
  verifyReceipt,
} from './receipts';
import { documentHash, verifyDocument } from './signatures';
import { fromUtf8, sha256Hex } from './web-crypto';

export const CHECK_IDS = [
  'manifest',
  'serverKey',
  'reportSignature',
  'eventSignatures',
  'photoSignatures',
  'revokedDevices',
  'chain',
  'photos',
  'receipts',
  'checkpoint',
  'clock',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

export interface CheckResult {
  id: CheckId;
  /** `warn`: noted, not a failure (the clock difference, a photo signed for another report). */
  status: 'ok' | 'fail' | 'warn';
  /** Specifics (file names, event ids, minutes) for the message. */
  detail: string;
}

export interface BundleVerdict {
  ok: boolean;
  caseId: string | null;
  checks: CheckResult[];
}

type Doc = Record<string, unknown>;

function parse<T>(files: Record<string, Uint8Array>, name: string): T | null {
  const bytes = files[name];
  if (!bytes) return null;
  try {
    return JSON.parse(fromUtf8(bytes)) as T;
  } catch {
    return null;
  }
}

const list = (items: string[]): string =>
  items.length > 5 ? `${items.slice(0, 5).join(', ')} …(+${items.length - 5})` : items.join(', ');

export async function verifyBundle(files: Record<string, Uint8Array>): Promise<BundleVerdict> {
  const checks: CheckResult[] = [];
  const add = (id: CheckId, problems: string[], okDetail = '') =>
    checks.push({
      id,
      status: problems.length ? 'fail' : 'ok',
      detail: problems.length ? list(problems) : okDetail,
    });

  // Manifest: every file listed with its sha256, nothing unlisted.
  const manifest = parse<BundleManifest>(files, BUNDLE_FILES.manifest);
  {
    const problems: string[] = [];
    if (!manifest || manifest.format !== 'tertib-case-bundle-1' || !Array.isArray(manifest.files))
      problems.push(BUNDLE_FILES.manifest);
    else {
      const listed = new Set<string>();
      for (const f of manifest.files) {
        listed.add(f.name);
        const bytes = files[f.name];
        if (!bytes || (await sha256Hex(bytes)) !== f.sha256) problems.push(f.name);
      }
      for (const name of Object.keys(files))
        if (name !== BUNDLE_FILES.manifest && !listed.has(name)) problems.push(name);
    }
    add('manifest', problems, manifest ? `${manifest.files.length}` : '');
  }

  const key = parse<ServerKeyInfo>(files, BUNDLE_FILES.serverKey);
  add(
    'serverKey',
    key && typeof key.publicKey === 'string' && typeof key.keyId === 'string' ? [] : [BUNDLE_FILES.serverKey],
    key?.keyId ?? '',
  );

  const report = parse<Doc>(files, BUNDLE_FILES.report);
  const events = parse<Doc[]>(files, BUNDLE_FILES.events) ?? [];
  const devices = parse<BundleDevice[]>(files, BUNDLE_FILES.devices) ?? [];
  const receipts = parse<EvidenceReceipt[]>(files, BUNDLE_FILES.receipts) ?? [];
  const deviceById = new Map(devices.map((d) => [d.id, d]));
  const receiptOf = (kind: string, id: string) => receipts.find((r) => r.kind === kind && r.docId === id);

  const signedBy = async (doc: Doc, signer: unknown): Promise<string | null> => {
    if (typeof doc.signature !== 'string') return 'unsigned';
    const device = deviceById.get(String(doc.deviceId));
    if (!device) return 'unknown-device';
    if (device.user !== signer) return 'other-account';
    return (await verifyDocument(doc, device.publicKey)) ? null : 'bad-signature';
  };

  // The report's and the events' device signatures.
  const reportProblem = report ? await signedBy(report, report.author) : 'missing';
  add('reportSignature', reportProblem ? [reportProblem] : [], report ? String(report.deviceId) : '');
  const eventProblems: string[] = [];
  for (const e of events) {
    const p = await signedBy(e, e.actor);
    if (p) eventProblems.push(`${String(e.id)}: ${p}`);
  }
  add('eventSignatures', eventProblems, String(events.length));

  // Photos the report and its events name, each with the document that names it.
  const named = new Map<string, Doc>();
  for (const p of (report?.photos as Array<{ sha256: string }> | undefined) ?? [])
    named.set(p.sha256, report as Doc);
  for (const e of events)
    for (const p of (e.photos as Array<{ sha256: string }> | undefined) ?? [])
      if (!named.has(p.sha256)) named.set(p.sha256, e);

  // Each photo's document, signed by its author's device at capture, naming these very bytes (its sha256 as the
  // report lists it, its length as the JPEG's). A photo signed
  // for another report (the same picture filed again) is noted, not failed: the report names it under its own
  // signature.
  const photoDocs = new Map<string, Doc>();
  {
    const problems: string[] = [];
    const notes: string[] = [];
    for (const sha of named.keys()) {
      const doc = parse<Doc>(files, photoDocumentFileName(sha));
      if (!doc) {
        problems.push(`${sha}: missing`);
        continue;
      }
      photoDocs.set(sha, doc);
      const found: string[] = [];
      const bytes = files[photoFileName(sha)];
      // The bytes hash to the name: the photos check below; so the document's sha256 must be the name.
      if (doc.sha256 !== sha) found.push('sha256');
      if (bytes && doc.bytes !== bytes.length) found.push('bytes');
      const p = await signedBy(doc, doc.author);
      if (p) found.push(p);
      if (found.length) problems.push(`${sha}: ${found.join(', ')}`);
      else if (report && doc.reportId !== report.id) notes.push(`${sha}: ${String(doc.reportId)}`);
    }
    checks.push({
      id: 'photoSignatures',
      status: problems.length ? 'fail' : notes.length ? 'warn' : 'ok',
      detail: problems.length ? list(problems) : notes.length ? list(notes) : String(named.size),
    });
  }

  // A device revoked before the server received what it signed.
  const revoked: string[] = [];
  for (const [kind, doc, id] of [
    ['report', report, String(report?.id)],
    ...events.map((e) => ['event', e, String(e.id)] as const),
    ...[...photoDocs].map(([sha, d]) => ['photo', d, sha] as const),
  ] as Array<[string, Doc | null, string]>) {
    if (!doc || typeof doc.signature !== 'string') continue;
    const device = deviceById.get(String(doc.deviceId));
    const receipt = receiptOf(kind, id);
    if (device?.revoked && receipt && device.revoked.at <= receipt.receivedAt)
      revoked.push(`${id} (${device.id})`);
  }
  add('revokedDevices', revoked);

  // The chain: every signed event names this report and a prev that is listed before it.
  const reportHash = report ? await documentHash(report) : '';
  const chained: ChainedEvent[] = await Promise.all(
    events.map(async (e) => ({
      id: String(e.id),
      hash: await documentHash(e),
      at: String(e.at),
      reportHash: e.reportHash as string | undefined,
      prev: e.prev as string | null | undefined,
      signed: typeof e.signature === 'string',
    })),
  );
  add(
    'chain',
    checkChain(reportHash, chained).map((p) => `${p.eventId}: ${p.problem}`),
    String(events.length),
  );

  // Photos: each one named is present with exactly its bytes; no photo the case does not name.
  const photoProblems: string[] = [];
  for (const sha of named.keys()) {
    const bytes = files[photoFileName(sha)];
    if (!bytes) photoProblems.push(`${sha}: missing`);
    else if ((await sha256Hex(bytes)) !== sha) photoProblems.push(`${sha}: bytes differ`);
  }
  for (const name of Object.keys(files)) {
    const m = /^photos\/([0-9a-f]{64})\.(jpg|json)$/.exec(name);
    if (name.startsWith('photos/') && (!m || !named.has(m[1] as string)))
      photoProblems.push(`${name}: not named by the case`);
  }
  add('photos', photoProblems, String(named.size));

  // Receipts: signed by the server's key, one for the report, each event and each photo, naming their hashes.
  const receiptProblems: string[] = [];
  if (key)
    for (const r of receipts)
      if (!(await verifyReceipt(r, key))) receiptProblems.push(`${r.kind} ${r.docId}: signature`);
  const expect = async (kind: EvidenceReceipt['kind'], id: string, hash: string, by?: Doc) => {
    const r = receiptOf(kind, id);
    if (!r) return void receiptProblems.push(`${kind} ${id}: no receipt`);
    if (r.hash !== hash) receiptProblems.push(`${kind} ${id}: hash`);
    // A photo receipt signed when the bytes arrived names no report hash (the report may not have come yet).
    if (by && r.reportHash !== null && r.reportHash !== (await documentHash(by)))
      receiptProblems.push(`${kind} ${id}: named by`);
  };
  if (report) await expect('report', String(report.id), reportHash);
  for (const [i, e] of events.entries()) await expect('event', String(e.id), chained[i]!.hash);
  for (const [sha, by] of named) await expect('photo', sha, sha, by);
  add('receipts', receiptProblems, String(receipts.length));

  // Checkpoint: signed by the server, and every receipt proven to be in it.
  const cp = parse<{
    checkpoint: Checkpoint | null;
    proofs: Array<{ receiptId: string; index: number; path: string[] }>;
  }>(files, BUNDLE_FILES.checkpoint);
  const cpProblems: string[] = [];
  if (!cp?.checkpoint || !key || !(await verifyCheckpoint(cp.checkpoint, key)))
    cpProblems.push('checkpoint signature');
  else {
    for (const r of receipts) {
      const proof = cp.proofs.find((p) => p.receiptId === `receipt:${r.kind}:${r.docId}`);
      const leaf = await receiptLeaf(r as unknown as Doc);
      if (
        !proof ||
        !(await verifyInclusion(leaf, proof.index, cp.checkpoint.size, proof.path, cp.checkpoint.root))
      )
        cpProblems.push(`${r.kind} ${r.docId}`);
    }
  }
  add('checkpoint', cpProblems, cp?.checkpoint ? `#${cp.checkpoint.seq}` : '');

  // Clock: the device's capture time against the server's receipt; flagged beyond the limit, never a failure.
  const reportReceipt = report ? receiptOf('report', String(report.id)) : undefined;
  if (report && reportReceipt && manifest) {
    const minutes = Math.round(
      (Date.parse(reportReceipt.receivedAt) - Date.parse(String(report.capturedAt))) / 60_000,
    );
    checks.push({
      id: 'clock',
      status: Math.abs(minutes) > manifest.clockLimitMinutes ? 'warn' : 'ok',
      detail: `${minutes}/${manifest.clockLimitMinutes}`,
    });
  }

  return {
    ok: checks.every((c) => c.status !== 'fail'),
    caseId: typeof report?.id === 'string' ? report.id : (manifest?.caseId ?? null),
    checks,
  };
}
