import { describe, expect, it } from 'vitest';
import { ipcValidators, printViewHash } from '../../domain/ipc';
import {
  printProgress,
  printViewUrl,
  PRINT_STATE_PROBE,
  safeExportFileName,
  withExtension,
} from './export-files';

const ULID = '01HZX3K5Q7R8S9T0V1W2X3Y4Z5';
const UUID = '3f1b2c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';

describe('safeExportFileName', () => {
  it.each([
    ['tertib-laporan-2026-11-30.csv', 'csv', 'tertib-laporan-2026-11-30.csv'],
    ['tertib-laporan-2026-11-30', 'geojson', 'tertib-laporan-2026-11-30.geojson'],
    ['tertib-laporan.CSV', 'csv', 'tertib-laporan.csv'],
    ['berkas.csv', 'pdf', 'berkas.csv.pdf'],
    ['../../etc/passwd', 'csv', 'passwd.csv'],
    ['..\\..\\Windows\\System32\\evil', 'pdf', 'evil.pdf'],
    ['/home/user/.bashrc', 'csv', 'bashrc.csv'],
    ['..', 'csv', 'tertib-ekspor.csv'],
    ['...csv', 'csv', 'tertib-ekspor.csv'],
    ['', 'csv', 'tertib-ekspor.csv'],
    ['   ', 'pdf', 'tertib-ekspor.pdf'],
    ['CON', 'csv', 'tertib-ekspor.csv'],
    ['con.csv', 'csv', 'tertib-ekspor.csv'],
    ['LPT1.tar', 'pdf', 'tertib-ekspor.pdf'],
    ['console', 'csv', 'console.csv'],
    ['a<b>c:d"e|f?g*h', 'csv', 'abcdefgh.csv'],
    ['laporan\u0000.exe', 'csv', 'laporan.exe.csv'],
    ['laporan\u202Efdp.exe', 'pdf', 'laporanfdp.exe.pdf'],
    ['name.   ', 'csv', 'name.csv'],
    ['Laporan Kecamatan Senen (Desember)', 'pdf', 'Laporan Kecamatan Senen (Desember).pdf'],
    ['x'.repeat(500), 'csv', `${'x'.repeat(120)}.csv`],
    [42, 'csv', 'tertib-ekspor.csv'],
    [null, 'pdf', 'tertib-ekspor.pdf'],
    [{ toString: () => 'evil' }, 'csv', 'tertib-ekspor.csv'],
  ] as const)('%j as %s → %j', (suggested, kind, expected) => {
    expect(safeExportFileName(suggested, kind)).toBe(expected);
  });
});

describe('withExtension', () => {
  it.each([
    ['/home/siti/laporan', 'csv', '/home/siti/laporan.csv'],
    ['/home/siti/laporan.csv', 'csv', '/home/siti/laporan.csv'],
    ['C:\\Users\\siti\\Berkas.PDF', 'pdf', 'C:\\Users\\siti\\Berkas.PDF'],
    ['/tmp/peta.json', 'geojson', '/tmp/peta.json.geojson'],
  ] as const)('%s → %s', (path, kind, expected) => {
    expect(withExtension(path, kind)).toBe(expected);
  });
});

describe('print view', () => {
  it('loads the app entry on the print route, ids in order', () => {
    expect(printViewUrl([ULID, UUID])).toBe(`app://tertib/index.html#/cetak?ids=${ULID},${UUID}`);
    expect(printViewHash([ULID], true)).toBe(`#/cetak?ids=${ULID}&cetak=1`);
  });

  it.each([
    ['ready', 10, 'ready'],
    ['failed', 10, 'failed'],
    ['loading', 10, 'wait'],
    [null, 10, 'wait'],
    [undefined, 10, 'wait'],
    ['READY', 10, 'wait'],
    [{ state: 'ready' }, 10, 'wait'],
    ['loading', 120_000, 'timeout'],
    [null, 500_000, 'timeout'],
    ['ready', 500_000, 'ready'],
  ] as const)('probe %j after %i ms → %s', (probed, elapsed, expected) => {
    expect(printProgress(probed, elapsed)).toBe(expected);
  });

  it('probes with a fixed expression that reads the contract attribute', () => {
    expect(PRINT_STATE_PROBE).toContain('"[data-print-root]"');
    expect(PRINT_STATE_PROBE).toContain('"data-print-state"');
  });
});

describe('export channel validators', () => {
  const save = ipcValidators['export:save-text'];
  const pdf = ipcValidators['export:case-pdf'];

  it.each([
    [{ kind: 'csv', fileName: 'a.csv', content: 'x' }, true],
    [{ kind: 'geojson', fileName: 'a.geojson', content: '{}' }, true],
    [{ kind: 'pdf', fileName: 'a.pdf', content: 'x' }, false],
    [{ kind: 'csv', fileName: '', content: 'x' }, false],
    [{ kind: 'csv', fileName: 'a'.repeat(201), content: 'x' }, false],
    [{ kind: 'csv', fileName: 'a.csv', content: '' }, false],
    [{ kind: 'csv', fileName: 'a.csv', content: 1 }, false],
    [{ kind: 'csv', fileName: 'a.csv', content: 'x', path: '/etc/passwd' }, false],
    [{ kind: 'csv', fileName: 'a.csv' }, false],
    [null, false],
    [['csv', 'a.csv', 'x'], false],
  ])('save-text %j → %s', (request, ok) => {
    expect(save(request)).toBe(ok);
  });

  it.each([
    [{ reportIds: [ULID], fileName: 'a.pdf' }, true],
    [{ reportIds: [ULID, UUID], fileName: 'a.pdf' }, true],
    [
      {
        reportIds: Array.from(
          { length: 50 },
          (_, i) => `01HZX3K5Q7R8S9T0V1W2X3Y4${String(i).padStart(2, '0')}`,
        ),
        fileName: 'a.pdf',
      },
      true,
    ],
    [
      {
        reportIds: Array.from(
          { length: 51 },
          (_, i) => `01HZX3K5Q7R8S9T0V1W2X3Y4${String(i).padStart(2, '0')}`,
        ),
        fileName: 'a.pdf',
      },
      false,
    ],
    [{ reportIds: [], fileName: 'a.pdf' }, false],
    [{ reportIds: [ULID, ULID], fileName: 'a.pdf' }, false],
    [{ reportIds: [ULID.toLowerCase()], fileName: 'a.pdf' }, false],
    [{ reportIds: [`${ULID},${UUID}`], fileName: 'a.pdf' }, false],
    [{ reportIds: ['../../x'], fileName: 'a.pdf' }, false],
    [{ reportIds: [`${ULID}#/akun`], fileName: 'a.pdf' }, false],
    [{ reportIds: ULID, fileName: 'a.pdf' }, false],
    [{ reportIds: [ULID] }, false],
  ])('case-pdf %j → %s', (request, ok) => {
    expect(pdf(request)).toBe(ok);
  });
});
