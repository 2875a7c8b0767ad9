/**
 * CSV for spreadsheets (RFC 4180): fields separated by commas, records by CRLF, a field quoted when it holds
 * a comma, a quote or a line break (quotes doubled). UTF-8 with a byte-order mark so that Excel reads
 * accents and non-Latin scripts. Formula injection (OWASP "CSV Injection"): a cell that begins with
 * = + - @, a tab or a carriage return would be run as a formula by Excel or LibreOffice, so it gets a
 * leading apostrophe and is shown as text.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const BOM = '\uFEFF';

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = Array.isArray(value) ? value.join('; ') : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvRow = (cells: readonly unknown[]) => cells.map(csvCell).join(',');

export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return BOM + [csvRow(header), ...rows.map(csvRow)].join('\r\n') + '\r\n';
}

/**
 * The same CSV as a byte stream, a page of rows at a time. Pulled: the next page is read only when the
 * reader has taken the last one, so a slow download holds one page in memory, not the whole export.
 */
export function csvStream(
  header: readonly string[],
  pages: AsyncIterable<readonly (readonly unknown[])[]>,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = pages[Symbol.asyncIterator]();
  let headerSent = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!headerSent) {
          headerSent = true;
          controller.enqueue(encoder.encode(`${BOM}${csvRow(header)}\r\n`));
          return;
        }
        const next = await iterator.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value.map((row) => `${csvRow(row)}\r\n`).join('')));
      },
      async cancel() {
        await iterator.return?.(undefined);
      },
    },
    { highWaterMark: 0 },
  );
}
