import fs from 'node:fs';
import { unzipSync } from 'fflate';
import { verifyBundle } from '../../../domain/evidence/verify-bundle';
import { formatVerdict, type VerifyLang } from '../../../domain/evidence/verify-messages';

// `tertib-server verify BUNDLE.zip [--lang en]`: offline, no server, no database, no configuration. Exit 0 only
// when every check holds; 1 when one fails; 2 for bad usage or a file that is not a ZIP.

export async function runVerify(args: string[], out: (line: string) => void = console.log): Promise<number> {
  let lang: VerifyLang = 'id';
  const rest = [...args];
  const at = rest.indexOf('--lang');
  if (at !== -1) {
    const value = rest[at + 1];
    if (value !== 'id' && value !== 'en') {
      out('--lang must be id or en');
      return 2;
    }
    lang = value;
    rest.splice(at, 2);
  }
  const file = rest[0];
  if (!file || rest.length !== 1) {
    out('Usage: tertib-server verify BUNDLE.zip [--lang en]');
    return 2;
  }
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(new Uint8Array(fs.readFileSync(file)));
  } catch (err) {
    out(`${lang === 'id' ? 'Tidak dapat membaca' : 'Cannot read'} ${file}: ${(err as Error).message}`);
    return 2;
  }
  const verdict = await verifyBundle(files);
  for (const line of formatVerdict(verdict, lang)) out(line);
  return verdict.ok ? 0 : 1;
}
