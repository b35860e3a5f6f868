/** Plain text tables and the small formatting helpers the commands share. */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n') + '\n';
}

/** JSON with bigints as decimal strings (the project's rule for rao amounts). */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 2) + '\n';
}

/** CSV text for declared columns; cells are already strings or numbers. */
export function toCsv(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const esc = (c: string | number) => {
    const s = String(c);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [headers.map(esc).join(','), ...rows.map((r) => r.map(esc).join(','))].join('\n') + '\n';
}

export function isoDate(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}
