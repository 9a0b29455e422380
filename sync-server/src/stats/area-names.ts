import { getDistricts, getRegencies } from 'idn-area-data';

// Official Kemendagri names of kota/kabupaten and kecamatan, by code, from `idn-area-data` (the same data
// the app offers officers). Statistics show these, never the name a report carried: what the public page
// prints must not be free text typed on a device.

export class AreaNames {
  private loaded: Promise<Map<string, string>> | null = null;

  /** The official name of a kota or kecamatan code (dotted), or null when the list does not know it. */
  async name(code: string): Promise<string | null> {
    this.loaded ??= load().catch((err: unknown) => {
      this.loaded = null;
      throw err;
    });
    return (await this.loaded).get(code) ?? null;
  }
}

async function load(): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const r of await getRegencies()) names.set(r.code, r.name);
  for (const d of await getDistricts()) names.set(d.code, d.name);
  return names;
}
