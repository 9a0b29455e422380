// Which area a new report gets: the officer's own choice in the draft, else the kelurahan of their last
// report on this server (patrols work one area for a shift), else none. Always resolved through the
// current list, so a report carries the list's codes and names, never a stale copy.

import { AREA_CODE_RE } from '../../../domain/formats';
import type { Area } from '../../../domain/report';
import type { AreaList } from '../api/reference-data';
import type { DataKey } from '../data/keys/data-key';
import { readSealedText, writeSealedText } from '../data/sealed-preferences';
import type { KeyValueStore } from '../platform/key-value-store';
import { areaOf } from './area-search';

/**
 * Per server and user: a laptop shared at a post keeps each officer's own default. Sealed with the user's data
 * key (issue 13): where an officer works is theirs.
 */
export const lastAreaKey = (server: string, user: string): string => `tertib.lastArea:${user}@${server}`;

const AREA_CODE = new RegExp(AREA_CODE_RE);

export async function lastAreaCode(
  store: KeyValueStore,
  server: string,
  user: string,
  key: DataKey,
): Promise<string | null> {
  const code = await readSealedText(store, lastAreaKey(server, user), key);
  return code !== null && AREA_CODE.test(code) ? code : null;
}

export function rememberArea(
  store: KeyValueStore,
  server: string,
  user: string,
  key: DataKey,
  area: Area,
): Promise<void> {
  return writeSealedText(store, lastAreaKey(server, user), key, area.kelurahan.code);
}

/**
 * The area the report will carry, which is also what the form shows. `draftArea`: `undefined` = the officer
 * has not touched the field (the last area applies), `null` = they emptied it, an `Area` = their choice.
 * Without a list (never loaded on this device) there is nothing to choose from or check against: none.
 */
export function chosenArea(
  draftArea: Area | null | undefined,
  lastCode: string | null,
  areas: AreaList | null,
): Area | null {
  if (areas === null || draftArea === null) return null;
  const code = draftArea === undefined ? lastCode : draftArea.kelurahan.code;
  return code === null ? null : areaOf(areas, code);
}
