/**
 * A Recorder that streams CSV files: one per table, header first, rows buffered and written
 * with papaparse's unparse one chunk at a time, to `<name>.tmp-<pid>`. `commit` renames every
 * file into place; `abort` deletes the temporary files, so a failed run leaves nothing that
 * looks finished. Cells: bigints as decimal strings, numbers as String(x), booleans true/false.
 */
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import type { Cell, Recorder, TableName, TableSpec } from '../sim/index.ts';

export interface TempFile {
  readonly finalPath: string;
  readonly tempPath: string;
}

interface OpenTable {
  readonly file: TempFile;
  readonly fd: number;
  readonly width: number;
  chunk: string[][];
}

export interface CsvRecorder extends Recorder {
  /** Writes out buffered rows and closes the files (still under their temporary names). */
  close(): TempFile[];
  /** Closes and deletes every temporary file. Safe to call more than once. */
  abort(): void;
}

export function cellText(c: Cell): string {
  return typeof c === 'string' ? c : String(c);
}

export function tempName(finalPath: string, pid: number): string {
  return `${finalPath}.tmp-${pid}`;
}

export function createCsvRecorder(dir: string, pid: number = process.pid, chunkRows = 4096): CsvRecorder {
  const tables = new Map<TableName, OpenTable>();
  let closed = false;
  const flush = (t: OpenTable) => {
    if (t.chunk.length === 0) return;
    writeSync(t.fd, Papa.unparse(t.chunk, { newline: '\n' }) + '\n');
    t.chunk = [];
  };
  return {
    open(spec: TableSpec) {
      if (tables.has(spec.name)) throw new Error('TABLE_OPEN_TWICE');
      const finalPath = join(dir, `${spec.name}.csv`);
      const file = { finalPath, tempPath: tempName(finalPath, pid) };
      const fd = openSync(file.tempPath, 'w');
      const t: OpenTable = { file, fd, width: spec.columns.length, chunk: [[...spec.columns]] };
      tables.set(spec.name, t);
      flush(t);
    },
    row(name: TableName, cells: readonly Cell[]) {
      const t = tables.get(name);
      if (!t) throw new Error('TABLE_NOT_OPEN');
      if (cells.length !== t.width) throw new Error('ROW_WIDTH');
      const r = new Array<string>(t.width);
      for (let i = 0; i < t.width; i++) r[i] = cellText(cells[i]);
      t.chunk.push(r);
      if (t.chunk.length >= chunkRows) flush(t);
    },
    close() {
      if (!closed) {
        closed = true;
        for (const t of tables.values()) {
          try {
            flush(t);
          } finally {
            closeSync(t.fd);
          }
        }
      }
      return [...tables.values()].map((t) => t.file);
    },
    abort() {
      if (!closed) {
        closed = true;
        for (const t of tables.values()) {
          try {
            closeSync(t.fd);
          } catch {
            // already closed
          }
        }
      }
      for (const t of tables.values()) rmSync(t.file.tempPath, { force: true });
    },
  };
}

/** Renames temporary files into place (each rename is atomic on one filesystem). */
export function commitFiles(files: readonly TempFile[]): void {
  for (const f of files) renameSync(f.tempPath, f.finalPath);
}
