/**
 * CSV for spreadsheets (RFC 4180): fields separated by commas, records by CRLF, a field quoted when it holds
 * a comma, a quote or a line break (quotes doubled). UTF-8 with a byte-order mark so that Excel reads
 * accents and non-Latin scripts. Formula injection (OWASP "CSV Injection"): a cell that begins with
 * = + - @, a tab or a carriage return would be run as a formula by Excel or LibreOffice, so it gets a
 * leading apostrophe and is shown as text.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = Array.isArray(value) ? value.join('; ') : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvRow = (cells: readonly unknown[]) => cells.map(csvCell).join(',');

export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return '\uFEFF' + [csvRow(header), ...rows.map(csvRow)].join('\r\n') + '\r\n';
}
