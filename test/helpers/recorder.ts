import type { Cell, Recorder, TableSpec } from '../../src/sim/index.ts';

/** Keeps every row (copied) per table. */
export function memoryRecorder(): Recorder & { tables: Map<string, { spec: TableSpec; rows: Cell[][] }> } {
  const tables = new Map<string, { spec: TableSpec; rows: Cell[][] }>();
  return {
    tables,
    open(spec) {
      tables.set(spec.name, { spec, rows: [] });
    },
    row(name, cells) {
      tables.get(name)!.rows.push([...cells]);
    },
  };
}

export function column(rec: ReturnType<typeof memoryRecorder>, table: string, name: string): Cell[] {
  const t = rec.tables.get(table)!;
  const i = t.spec.columns.indexOf(name);
  return t.rows.map((r) => r[i]);
}
