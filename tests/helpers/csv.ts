/** Test helper: CSV read back without the library the exporters use, to check their quoting. */

/** An independent RFC 4180 reader (quoted fields, doubled quotes, CRLF inside quotes). */
export function parseCsv(s: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let f = '';
  let q = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (q) {
      if (ch === '"' && s[i + 1] === '"') (f += '"'), i++;
      else if (ch === '"') q = false;
      else f += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') row.push(f), (f = '');
    else if (ch === '\r' && s[i + 1] === '\n') row.push(f), rows.push(row), (row = []), (f = ''), i++;
    else if (ch === '\n') throw new Error(`bare LF outside quotes at ${i}`);
    else f += ch;
  }
  if (f !== '' || row.length) row.push(f), rows.push(row);
  return rows;
}
