import { describe, expect, it } from 'vitest';
import { printViewHash } from '../../../../domain/ipc';
import { parsePrintRequest } from './print-request';

const A = '01HZX3K5Q7R8S9T0V1W2X3Y4Z5';
const B = '3f1b2c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';

describe('print request', () => {
  it('reads what printViewHash writes', () => {
    expect(parsePrintRequest(printViewHash([A, B]))).toEqual({ ids: [A, B], invalid: [], autoPrint: false });
    expect(parsePrintRequest(printViewHash([B], true))).toEqual({ ids: [B], invalid: [], autoPrint: true });
  });

  it.each([
    ['#/cetak', [], []],
    ['#/cetak?ids=', [], []],
    [`#/cetak?ids=${A},${A}`, [A], []],
    [`#/cetak?ids=${A},nope,${B}`, [A, B], ['nope']],
    [`#/cetak?ids=${A.toLowerCase()}`, [], [A.toLowerCase()]],
    [`#/cetak?ids=%3Cscript%3E`, [], ['<script>']],
  ])('%s → %j', (hash, ids, invalid) => {
    const r = parsePrintRequest(hash);
    expect(r.ids).toEqual(ids);
    expect(r.invalid).toEqual(invalid);
  });

  it('caps the number of reports', () => {
    const many = Array.from(
      { length: 60 },
      (_, i) => `01HZX3K5Q7R8S9T0V1W2X3Y4${String(i).padStart(2, '0')}`,
    );
    expect(parsePrintRequest(printViewHash(many)).ids).toHaveLength(50);
  });
});
