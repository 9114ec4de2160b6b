import ExcelJS from 'exceljs';

export interface Column {
  key: string;
  header: string;
  width?: number;
}

/** A cell as text that a spreadsheet will not run as a formula (CSV/formula injection). */
function safe(v: unknown): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  const s = String(v);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

/** XLSX with the rows on a first sheet and the parameters (filters, who, when) on a second one. */
export async function toXlsx(
  sheet: string,
  columns: Column[],
  rows: Record<string, unknown>[],
  parameters: [string, unknown][],
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Signaux Faibles';
  const ws = wb.addWorksheet(sheet);
  ws.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width ?? 16 }));
  for (const r of rows) ws.addRow(Object.fromEntries(columns.map((c) => [c.key, safe(r[c.key])])));
  ws.getRow(1).font = { bold: true };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  const ps = wb.addWorksheet('filtres');
  ps.columns = [
    { header: 'Paramètre', key: 'k', width: 28 },
    { header: 'Valeur', key: 'v', width: 60 },
  ];
  for (const [k, v] of parameters)
    ps.addRow({ k, v: safe(v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : v) });
  ps.getRow(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** CSV for French spreadsheets: `;` separator, UTF-8 with BOM, quoted where needed. */
export function toCsv(columns: Column[], rows: Record<string, unknown>[]): string {
  const cell = (v: unknown) => {
    const s = safe(v);
    if (s === null) return '';
    const t = String(s);
    return /[;"\n\r]/.test(t) ? `"${t.replaceAll('"', '""')}"` : t;
  };
  const lines = [columns.map((c) => cell(c.header)).join(';')];
  for (const r of rows) lines.push(columns.map((c) => cell(r[c.key])).join(';'));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
