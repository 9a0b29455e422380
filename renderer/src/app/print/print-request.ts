// What the print view was asked for, from its hash `#/cetak?ids=<id>,<id>[&cetak=1]` (domain/ipc.ts).

import { CASE_PDF_MAX_REPORTS } from '../../../../domain/ipc';
import { isDocId } from '../../../../domain/formats';
import { routeQuery } from '../routes';

export interface PrintRequest {
  /** Valid, distinct report ids in the order given, at most CASE_PDF_MAX_REPORTS. */
  ids: string[];
  /** Ids in the address that are not report ids (shown, so a mangled link is noticed). */
  invalid: string[];
  /** Open the browser's print dialog once ready (web mode; Electron prints itself). */
  autoPrint: boolean;
}

export function parsePrintRequest(hash: string): PrintRequest {
  const query = routeQuery(hash);
  const ids: string[] = [];
  const invalid: string[] = [];
  for (const raw of (query.get('ids') ?? '').split(',')) {
    const id = raw.trim();
    if (id === '') continue;
    if (!isDocId(id)) invalid.push(raw.trim().slice(0, 40));
    else if (!ids.includes(id)) ids.push(id);
  }
  return { ids: ids.slice(0, CASE_PDF_MAX_REPORTS), invalid, autoPrint: query.get('cetak') === '1' };
}
