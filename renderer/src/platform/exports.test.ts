import { afterEach, describe, expect, it } from 'vitest';
import type {
  CasePdfRequest,
  IpcResult,
  SaveFileResult,
  SaveTextRequest,
  TertibBridge,
} from '../../../domain/ipc';
import { ExportError, exportCasePdf, saveTextExport } from './exports';

// The desktop path of the export functions: what goes over the bridge and how its answers come back.
// (The browser path — a download and the print view in a new tab — runs in e2e/exports.spec.ts.)

type Answer = IpcResult<SaveFileResult>;

function installBridge(answer: Answer): { sent: Array<SaveTextRequest | CasePdfRequest> } {
  const sent: Array<SaveTextRequest | CasePdfRequest> = [];
  const bridge: Pick<TertibBridge, 'saveTextExport' | 'printCasePdf'> = {
    saveTextExport: async (request) => {
      sent.push(request);
      return answer;
    },
    printCasePdf: async (request) => {
      sent.push(request);
      return answer;
    },
  };
  (globalThis as { window?: unknown }).window = { tertib: bridge };
  return { sent };
}

afterEach(() => {
  delete (globalThis as { window?: unknown }).window;
});

const ID = '01HZX3K5Q7R8S9T0V1W2X3Y4Z5';

describe('exports through the Electron bridge', () => {
  it('sends the text with its kind and name, and reports where it was saved', async () => {
    const { sent } = installBridge({ ok: true, value: { saved: '/home/siti/tertib-laporan.csv' } });
    const outcome = await saveTextExport('csv', 'tertib-laporan-2026-11-30.csv', '\uFEFFID laporan\r\nx');
    expect(sent).toEqual([
      { kind: 'csv', fileName: 'tertib-laporan-2026-11-30.csv', content: '\uFEFFID laporan\r\nx' },
    ]);
    expect(outcome).toEqual({ status: 'saved', path: '/home/siti/tertib-laporan.csv' });
  });

  it('reports a closed dialog as canceled', async () => {
    installBridge({ ok: true, value: { canceled: true } });
    expect(await exportCasePdf([ID], 'berkas.pdf')).toEqual({ status: 'canceled' });
  });

  it('sends the ids for the PDF and turns an error envelope into an ExportError with its code', async () => {
    const { sent } = installBridge({ ok: false, error: 'print-timeout' });
    const failure = exportCasePdf([ID], 'berkas.pdf');
    await expect(failure).rejects.toBeInstanceOf(ExportError);
    await expect(failure).rejects.toMatchObject({ code: 'print-timeout' });
    expect(sent).toEqual([{ reportIds: [ID], fileName: 'berkas.pdf' }]);
  });
});
