// Signing at creation (issue 11): a report as it is saved, an event as it is recorded, chained to its
// report and to the latest event of that report this device holds.

import { latestEventHash } from '../../../../domain/evidence/chain';
import { documentHash } from '../../../../domain/evidence/signatures';
import { FIRST_SIGNED_REPORT_VERSION, type Report } from '../../../../domain/report';
import type { ReportEvent } from '../../../../domain/report-events';
import type { TertibCollections } from '../db/types';
import type { DeviceSigner } from './device-key';

export type { DeviceSigner };

/** The report as the device files it: this device's id, the signed schema version, its signature. */
export function signReport(signer: DeviceSigner, report: Report): Promise<Report> {
  const { signature: _old, ...content } = report;
  return signer.sign({ ...content, schemaVersion: Math.max(report.schemaVersion, FIRST_SIGNED_REPORT_VERSION) });
}

/**
 * The event with its chain fields and signature. `fetchedReport` stands in for a report this device does not
 * hold (a case fetched from the server); events that came with a fetched case and were not stored here are
 * not known, so such an event may fork from an older one — which the verifier accepts.
 */
export async function signEvent(
  db: Pick<TertibCollections, 'reports' | 'events'>,
  signer: DeviceSigner,
  event: ReportEvent,
  fetchedReport?: Report,
): Promise<ReportEvent> {
  const [stored, known] = await Promise.all([
    db.reports.findOne(event.reportId).exec(),
    db.events.find({ selector: { reportId: event.reportId } }).exec(),
  ]);
  const report = stored?.toMutableJSON() ?? fetchedReport;
  if (!report) throw new Error(`The report ${event.reportId} is not on this device.`);
  const hashed = await Promise.all(
    known
      .filter((d) => d.id !== event.id)
      .map(async (d) => {
        const e = d.toMutableJSON() as unknown as Record<string, unknown>;
        return { id: d.id, at: d.at, hash: await documentHash(e) };
      }),
  );
  const { signature: _old, ...content } = event;
  return signer.sign({
    ...content,
    reportHash: await documentHash(report as unknown as Record<string, unknown>),
    prev: latestEventHash(hashed),
  });
}
