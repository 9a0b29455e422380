import { describe, expect, it } from 'vitest';
import { GNSS_STALE_MS, GnssReceiverState, NmeaLineBuffer, UERE_M } from './gnss-receiver';

/** `$body*CS` with the NMEA checksum (XOR of the characters between $ and *). */
function nmea(body: string): string {
  let cs = 0;
  for (const ch of body) cs ^= ch.charCodeAt(0);
  return `$${body}*${cs.toString(16).toUpperCase().padStart(2, '0')}`;
}

// Monas, Jakarta: 6°10.524' S, 106°49.632' E.
const GGA_FIX = nmea('GPGGA,031500.00,0610.5240,S,10649.6320,E,1,09,0.9,12.0,M,16.0,M,,');
const GGA_RTK = nmea('GNGGA,031501.00,0610.5240,S,10649.6320,E,4,21,0.6,12.0,M,16.0,M,1.0,0000');
const GGA_NOFIX = nmea('GPGGA,031502.00,,,,,0,00,99.9,,M,,M,,');
const GGA_SIM = nmea('GPGGA,031500.00,0610.5240,S,10649.6320,E,8,09,0.9,12.0,M,16.0,M,,');
const GGA_DR = nmea('GPGGA,031500.00,0610.5240,S,10649.6320,E,6,00,99.9,12.0,M,16.0,M,,');
const GST = nmea('GPGST,031500.00,1.2,2.0,1.5,30.0,1.2,1.6,2.5');
const RMC_VOID = nmea('GPRMC,031503.00,V,,,,,,,061226,,,N');
const GSA_3D = nmea('GPGSA,A,3,04,05,09,12,24,,,,,,,,2.5,1.3,2.1');

describe('NMEA sentences', () => {
  const cases: Array<
    [string, string[], { status: string; accuracyM?: number; from?: string; quality?: string; sats?: number }]
  > = [
    [
      'a GGA fix alone: accuracy from HDOP',
      [GGA_FIX],
      { status: 'fix', accuracyM: 0.9 * UERE_M, from: 'hdop', quality: 'fix', sats: 9 },
    ],
    ['GST before GGA: accuracy from GST', [GST, GGA_FIX], { status: 'fix', accuracyM: 2, from: 'gst' }],
    ['an RTK fix', [GGA_RTK], { status: 'fix', quality: 'rtk', sats: 21 }],
    ['GSA then GGA', [GSA_3D, GGA_FIX], { status: 'fix' }],
    ['a bad checksum is not a fix', [GGA_FIX.replace(/\*..$/, '*00')], { status: 'garbage' }],
    ['no fix (quality 0)', [GGA_NOFIX], { status: 'no-fix' }],
    ['a simulator is not a position (quality 8)', [GGA_SIM], { status: 'no-fix' }],
    ['dead reckoning is not a current fix (quality 6)', [GGA_FIX, GGA_DR], { status: 'no-fix' }],
    ['a fix, then no fix: not current', [GGA_FIX, GGA_NOFIX], { status: 'no-fix' }],
    ['RMC void after a fix', [GGA_FIX, RMC_VOID], { status: 'no-fix' }],
    ['garbage bytes', ['\u0000\u00ff@@@', 'hello receiver', '$GPGGA,garbage'], { status: 'garbage' }],
    ['a cut sentence', [GGA_FIX.slice(0, 30)], { status: 'garbage' }],
    ['nothing yet', [], { status: 'waiting' }],
    ['GST alone: waiting for a position', [GST], { status: 'waiting' }],
  ];
  it.each(cases)('%s', (_name, lines, want) => {
    const state = new GnssReceiverState();
    for (const l of lines) state.line(l, 1_000);
    const snap = state.snapshot(1_500);
    expect(snap.status).toBe(want.status);
    if (want.status !== 'fix') expect(snap.fix).toBeNull();
    if (want.accuracyM !== undefined) expect(snap.fix?.accuracyM).toBeCloseTo(want.accuracyM, 2);
    if (want.from) expect(snap.fix?.accuracyFrom).toBe(want.from);
    if (want.quality) expect(snap.fix?.quality).toBe(want.quality);
    if (want.sats !== undefined) expect(snap.fix?.satellites).toBe(want.sats);
    if (snap.fix) {
      expect(snap.fix.lat).toBeCloseTo(-6.1754, 4);
      expect(snap.fix.lng).toBeCloseTo(106.8272, 4);
      expect(snap.fix.source).toBe('gnss');
    }
  });

  it('keeps the last fix as last, never as current, once the receiver stops', () => {
    const state = new GnssReceiverState();
    state.line(GGA_FIX, 0);
    expect(state.snapshot(GNSS_STALE_MS).status).toBe('fix');
    const later = state.snapshot(GNSS_STALE_MS + 1);
    expect(later.status).toBe('stale');
    expect(later.fix).toBeNull();
    expect(later.last?.lat).toBeCloseTo(-6.1754, 4);
  });

  it('says garbage when only noise follows a fix', () => {
    const state = new GnssReceiverState();
    state.line(GGA_FIX, 0);
    for (let t = 1000; t < 5000; t += 1000) state.line('\u00fe\u00fe\u00fe', t);
    expect(state.snapshot(5_000)).toMatchObject({ status: 'garbage', fix: null, badLines: 4 });
  });
});

describe('NmeaLineBuffer', () => {
  it('joins lines cut across chunks and splits several in one', () => {
    const buffer = new NmeaLineBuffer();
    const stream = `${GST}\r\n${GGA_FIX}\r\n`;
    const out = [
      ...buffer.push(stream.slice(0, 17)),
      ...buffer.push(stream.slice(17, 60)),
      ...buffer.push(stream.slice(60)),
    ];
    expect(out).toEqual([GST, GGA_FIX]);
  });

  it('drops an overlong run without a line end, then reads on', () => {
    const buffer = new NmeaLineBuffer();
    expect(buffer.push('x'.repeat(500))).toEqual([]);
    expect(buffer.dropped).toBe(1);
    expect(buffer.push(`\n${GGA_FIX}\n`)).toEqual([GGA_FIX]);
    expect(buffer.push(`${'y'.repeat(150)}`)).toEqual([]);
    expect(buffer.push(`${'y'.repeat(150)}\n`)).toEqual([]);
    expect(buffer.dropped).toBe(2);
  });
});
