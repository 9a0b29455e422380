// An external GNSS receiver's NMEA 0183 stream (issue 12, part 5), apart from how the bytes arrive (Web
// Serial in Electron and Chromium): lines cut from arbitrary chunks, each sentence parsed and checksum-checked
// by `nmea-simple` (a maintained, typed NMEA parser), and what the receiver says now — a fix with its quality,
// satellites and an accuracy from GST (or from HDOP when it sends none), or why there is none. A receiver that
// sends garbage, falls silent or loses its fix gives a clear state; the last good fix is kept as *last*, never
// passed off as current.

import { parseNmeaSentence } from 'nmea-simple';
import type { Location } from '../../../domain/report';

/** Longest line kept while waiting for its end: NMEA allows 82 characters; anything longer is garbage. */
const MAX_LINE = 200;
/** A fix older than this is not current (receivers send once a second). */
export const GNSS_STALE_MS = 3_000;
/**
 * Without GST, accuracy is estimated as HDOP × 5 m (a common user-equivalent range error for a consumer L1
 * receiver); an estimate, and said so in the panel.
 */
export const UERE_M = 5;

/** Cuts a byte stream's text into lines; partial lines wait for the next chunk, overlong ones are dropped. */
export class NmeaLineBuffer {
  private pending = '';
  /** Overlong runs dropped so far (noise with no line end, or a wrong baud rate): garbage to the reader. */
  dropped = 0;

  push(chunk: string): string[] {
    const text = this.pending + chunk;
    const parts = text.split(/\r?\n|\r/);
    this.pending = parts.pop() ?? '';
    if (this.pending.length > MAX_LINE) {
      this.pending = '';
      this.dropped++;
    }
    const lines = parts.map((l) => l.trim()).filter((l) => l.length > 0);
    this.dropped += lines.filter((l) => l.length > MAX_LINE).length;
    return lines.filter((l) => l.length <= MAX_LINE);
  }
}

/** GGA fix qualities as `nmea-simple` names them. */
export type GnssQuality =
  'none' | 'fix' | 'delta' | 'pps' | 'rtk' | 'frtk' | 'estimated' | 'manual' | 'simulation';

export type GnssStatus = 'waiting' | 'garbage' | 'no-fix' | 'fix' | 'stale';

export interface GnssSnapshot {
  status: GnssStatus;
  /** The current fix (only when `status` is `fix`). */
  fix: (Location & { quality: GnssQuality; satellites: number; accuracyFrom: 'gst' | 'hdop' }) | null;
  /** The last good fix, whatever the status: shown as such, never used as the report's location. */
  last: GnssSnapshot['fix'];
  /** Lines that were not valid NMEA (bad checksum, cut, noise) since the last good sentence. */
  badLines: number;
  /** Valid sentences so far (any type). */
  sentences: number;
}

/**
 * GGA qualities that are not a measured position of the receiver: typed in by hand, a simulator's, or dead
 * reckoning (quality 6, "estimated": extrapolated from the last fix — indoors a receiver keeps sending it at
 * 1 Hz, and it must not pass for a current fix).
 */
const NOT_A_POSITION: ReadonlySet<string> = new Set(['none', 'manual', 'simulation', 'estimated']);

/** What a receiver has said so far; feed it lines, ask for a snapshot at a time. */
export class GnssReceiverState {
  private lastGoodAt: number | null = null;
  private lastFix: GnssSnapshot['fix'] = null;
  private lastFixAt: number | null = null;
  private noFix = false;
  private badLines = 0;
  private sentences = 0;
  private gst: { accuracyM: number; at: number } | null = null;
  private hdop: number | null = null;

  /** One line of the stream, received at `now` (ms). */
  line(text: string, now: number): void {
    let packet: ReturnType<typeof parseNmeaSentence>;
    try {
      packet = parseNmeaSentence(text);
    } catch {
      this.badLines++;
      return;
    }
    this.lastGoodAt = now;
    this.badLines = 0;
    this.sentences++;
    switch (packet.sentenceId) {
      case 'GST': {
        const { latitudeError, longitudeError } = packet;
        if (Number.isFinite(latitudeError) && Number.isFinite(longitudeError))
          this.gst = { accuracyM: Math.hypot(latitudeError, longitudeError), at: now };
        break;
      }
      case 'GSA':
        if (packet.fixMode === 'none') this.noFix = true;
        if (Number.isFinite(packet.HDOP) && packet.HDOP > 0) this.hdop = packet.HDOP;
        break;
      case 'RMC':
        if (packet.status !== 'valid') this.noFix = true;
        break;
      case 'GGA': {
        if (NOT_A_POSITION.has(packet.fixType) || !Number.isFinite(packet.latitude)) {
          this.noFix = true;
          break;
        }
        this.noFix = false;
        const hdop = packet.horizontalDilution > 0 ? packet.horizontalDilution : this.hdop;
        const gst = this.gst && now - this.gst.at <= GNSS_STALE_MS ? this.gst : null;
        const accuracyM = gst ? gst.accuracyM : hdop ? hdop * UERE_M : null;
        if (accuracyM === null) break;
        this.lastFix = {
          lat: packet.latitude,
          lng: packet.longitude,
          accuracyM: Math.max(0.01, Math.round(accuracyM * 100) / 100),
          source: 'gnss',
          fixedAt: new Date(now).toISOString(),
          quality: packet.fixType,
          satellites: packet.satellitesInView,
          accuracyFrom: gst ? 'gst' : 'hdop',
        };
        this.lastFixAt = now;
        break;
      }
      default:
        break;
    }
  }

  /** Bytes that could not even be read as a line (a framing or parity error on the serial link). */
  noise(): void {
    this.badLines++;
  }

  snapshot(now: number): GnssSnapshot {
    const base = { last: this.lastFix, badLines: this.badLines, sentences: this.sentences };
    if (this.lastGoodAt === null || now - this.lastGoodAt > GNSS_STALE_MS) {
      if (this.badLines > 0) return { ...base, status: 'garbage', fix: null };
      return { ...base, status: this.lastGoodAt === null ? 'waiting' : 'stale', fix: null };
    }
    if (this.noFix || (this.lastFixAt !== null && now - this.lastFixAt > GNSS_STALE_MS))
      return { ...base, status: 'no-fix', fix: null };
    // Valid sentences, none a position yet (GSV/GST before the first GGA): still waiting for a fix.
    if (this.lastFixAt === null) return { ...base, status: 'waiting', fix: null };
    return { ...base, status: 'fix', fix: this.lastFix };
  }
}
