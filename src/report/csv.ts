/**
 * Reading the result CSVs: an RFC 4180 row splitter and column lookup by declared name.
 * Columns are declared by the caller (see columns.ts), never discovered from the data; extra
 * columns are ignored so that a newer simulator can add some without breaking old reports.
 */

/** A problem with an input file: printed as one line naming the file, line and column. */
export class ReportInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportInputError';
  }
}

/** Splits CSV text into rows of fields (quoted fields may hold commas, quotes and newlines). */
export function* csvRows(text: string, file: string): Generator<string[]> {
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < n) {
    const row: string[] = [];
    const startLine = line;
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= n) throw new ReportInputError(`${file}: line ${startLine}: a quoted field is not closed`);
          const c = text[i];
          if (c === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === '\n') line++;
          field += c;
          i++;
        }
      } else {
        let j = i;
        while (j < n && text[j] !== ',' && text[j] !== '\n' && text[j] !== '\r') j++;
        field = text.slice(i, j);
        i = j;
      }
      row.push(field);
      if (i < n && text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '\r') i++;
      if (i < n && text[i] !== '\n') {
        throw new ReportInputError(`${file}: line ${line}: unexpected character after a quoted field`);
      }
      i++;
      line++;
      break;
    }
    if (!(row.length === 1 && row[0] === '')) yield row;
  }
}

/** Positions of the declared columns in a header; throws naming the missing ones. */
export function columnIndex<C extends string>(header: readonly string[], declared: readonly C[], file: string): Record<C, number> {
  const at = new Map<string, number>();
  header.forEach((h, k) => {
    if (!at.has(h.trim())) at.set(h.trim(), k);
  });
  const missing = declared.filter((c) => !at.has(c));
  if (missing.length > 0) {
    throw new ReportInputError(
      `${file}: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}: the header must name ${declared.join(', ')}`,
    );
  }
  const out = {} as Record<C, number>;
  for (const c of declared) out[c] = at.get(c)!;
  return out;
}

/** Field accessors that validate and name the place of a bad value. */
export class FieldReader {
  constructor(
    readonly file: string,
    public row: readonly string[] = [],
    public line = 0,
  ) {}

  private where(column: string): string {
    return `${this.file}: line ${this.line}, column ${column}`;
  }

  private raw(k: number, column: string): string {
    const v = this.row[k];
    if (v === undefined) throw new ReportInputError(`${this.where(column)}: the row has only ${this.row.length} fields`);
    return v.trim();
  }

  /** A whole number (rao, alpha units, counts) as a bigint. */
  bigint(k: number, column: string): bigint {
    const v = this.raw(k, column);
    if (!/^-?\d+$/.test(v)) throw new ReportInputError(`${this.where(column)}: '${v}' is not a whole number`);
    return BigInt(v);
  }

  /** A whole number that fits a float64 exactly (block numbers, uids). */
  int(k: number, column: string): number {
    const v = this.raw(k, column);
    const x = Number(v);
    if (!/^-?\d+$/.test(v) || !Number.isSafeInteger(x)) {
      throw new ReportInputError(`${this.where(column)}: '${v}' is not a whole number below 2^53`);
    }
    return x;
  }

  /** A float; NaN and infinities are read as null (a gap in a chart). */
  float(k: number, column: string): number | null {
    const v = this.raw(k, column);
    if (v === 'NaN' || v === 'Infinity' || v === '-Infinity') return null;
    const x = Number(v);
    if (v === '' || !Number.isFinite(x)) throw new ReportInputError(`${this.where(column)}: '${v}' is not a number`);
    return x;
  }

  /** A non-negative amount written as an integer or a float, read as a float (for shares only). */
  amount(k: number, column: string): number {
    const v = this.raw(k, column);
    const x = Number(v);
    if (v === '' || !Number.isFinite(x) || x < 0) throw new ReportInputError(`${this.where(column)}: '${v}' is not a non-negative amount`);
    return x;
  }

  bool(k: number, column: string): boolean {
    const v = this.raw(k, column);
    if (v === 'true') return true;
    if (v === 'false') return false;
    throw new ReportInputError(`${this.where(column)}: '${v}' is not true or false`);
  }

  text(k: number, column: string): string {
    return this.raw(k, column);
  }
}

/**
 * Iterates the data rows of a CSV with a declared header, handing each to `read` with a
 * FieldReader positioned on it. An empty file (no header) is refused.
 */
export function* readRows<C extends string, T>(
  text: string,
  file: string,
  declared: readonly C[],
  read: (f: FieldReader, col: Record<C, number>) => T,
): Generator<T> {
  const rows = csvRows(text, file);
  const first = rows.next();
  if (first.done) throw new ReportInputError(`${file}: the file is empty: expected a header row ${declared.join(',')}`);
  const col = columnIndex(first.value, declared, file);
  const f = new FieldReader(file);
  let line = 1;
  for (const row of rows) {
    line++;
    f.row = row;
    f.line = line;
    yield read(f, col);
  }
}
