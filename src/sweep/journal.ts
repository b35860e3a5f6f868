/**
 * The journal of completed runs: an append-only file, one line per run, each line
 * `<json>\t<check>\n` with check = CRC-32 of the json as 8 hex digits (zlib.crc32). The first line
 * names the sweep (its fingerprint). After a kill -9 the last line may be torn: a line without
 * its newline or whose check fails at the end of the file is discarded (and cut off before
 * appending); a bad line anywhere else means the file was damaged, and is refused.
 *
 * Record json: [run, v1, v2, ...] in the sweep's metric order; a bigint is its decimal string,
 * NaN is null, any other number is a JSON number (which reads back to the same double).
 */
import { closeSync, existsSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import type { MetricValue } from './runner.ts';

export const JOURNAL_FILE = 'runs.journal';

export class JournalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JournalError';
  }
}

export interface JournalContents {
  readonly fingerprint: string | undefined;
  readonly records: Map<number, MetricValue[]>;
  /** Bytes of the file that hold whole, valid lines. */
  readonly validBytes: number;
}

function check(payload: string): string {
  return crc32(payload).toString(16).padStart(8, '0');
}

function line(payload: string): string {
  return `${payload}\t${check(payload)}\n`;
}

function encodeValue(v: MetricValue): string | number | null {
  if (typeof v === 'bigint') return v.toString();
  return Number.isNaN(v) ? null : v;
}

function decodeValue(v: unknown): MetricValue {
  if (v === null) return NaN;
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v);
  throw new Error('bad value');
}

export function recordLine(run: number, values: readonly MetricValue[]): string {
  return line(JSON.stringify([run, ...values.map(encodeValue)]));
}

function headerLine(fingerprint: string): string {
  return line(JSON.stringify({ journal: 'taosim-sweep', version: 1, fingerprint }));
}

/** Reads a journal; `metricCount` checks each record's width. */
export function readJournal(path: string, metricCount: number): JournalContents {
  const records = new Map<number, MetricValue[]>();
  if (!existsSync(path)) return { fingerprint: undefined, records, validBytes: 0 };
  const text = readFileSync(path, 'utf8');
  let pos = 0;
  let lineNo = 0;
  let fingerprint: string | undefined;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    if (nl < 0) break; // a torn last line: no newline
    const raw = text.slice(pos, nl);
    lineNo++;
    const tab = raw.lastIndexOf('\t');
    const payload = tab < 0 ? '' : raw.slice(0, tab);
    const ok = tab >= 0 && check(payload) === raw.slice(tab + 1);
    if (!ok) {
      if (nl === text.length - 1) break; // the last line, torn
      throw new JournalError(`${path}: line ${lineNo} is damaged (checksum mismatch) and is not the last line: the journal cannot be trusted; start the sweep in a new --out directory`);
    }
    const parsed: unknown = JSON.parse(payload);
    if (lineNo === 1) {
      const h = parsed as { journal?: string; fingerprint?: string };
      if (h.journal !== 'taosim-sweep' || typeof h.fingerprint !== 'string') {
        throw new JournalError(`${path}: is not a taosim sweep journal`);
      }
      fingerprint = h.fingerprint;
    } else {
      if (!Array.isArray(parsed) || !Number.isSafeInteger(parsed[0]) || parsed.length !== metricCount + 1) {
        throw new JournalError(`${path}: line ${lineNo} is not a run record of this sweep (${metricCount} metrics)`);
      }
      let values: MetricValue[];
      try {
        values = parsed.slice(1).map(decodeValue);
      } catch {
        throw new JournalError(`${path}: line ${lineNo} holds a value that is not a metric`);
      }
      const run = parsed[0] as number;
      const prev = records.get(run);
      if (prev !== undefined && recordLine(run, prev) !== recordLine(run, values)) {
        throw new JournalError(`${path}: run ${run} is recorded twice with different metrics: was the directory shared by two sweeps?`);
      }
      records.set(run, values);
    }
    pos = nl + 1;
  }
  return { fingerprint, records, validBytes: Buffer.byteLength(text.slice(0, pos)) };
}

export interface Journal {
  readonly done: ReadonlyMap<number, MetricValue[]>;
  append(results: readonly (readonly [number, readonly MetricValue[]])[]): void;
  close(): void;
}

/**
 * Opens (or starts) the journal at `path` for the sweep with `fingerprint`, cutting off a torn
 * last line. Refuses a journal of another sweep.
 */
export function openJournal(path: string, fingerprint: string, metricCount: number, outName: string): Journal {
  const found = readJournal(path, metricCount);
  if (found.fingerprint !== undefined && found.fingerprint !== fingerprint) {
    throw new JournalError(
      `${outName} holds a journal of a different sweep (or shard): use a new --out directory, or delete ${path} to start over`,
    );
  }
  const fd = openSync(path, existsSync(path) ? 'r+' : 'w+');
  ftruncateSync(fd, found.validBytes);
  let offset = found.validBytes;
  const write = (text: string) => {
    const buf = Buffer.from(text);
    let done = 0;
    while (done < buf.length) done += writeSync(fd, buf, done, buf.length - done, offset + done);
    offset += buf.length;
  };
  if (found.fingerprint === undefined) write(headerLine(fingerprint));
  const done = found.records;
  return {
    done,
    append(results) {
      let text = '';
      for (const [run, values] of results) {
        text += recordLine(run, values);
        done.set(run, [...values]);
      }
      if (text !== '') write(text);
    },
    close() {
      closeSync(fd);
    },
  };
}
