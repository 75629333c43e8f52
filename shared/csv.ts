/**
 * A small RFC 4180 CSV reader and writer (no dependency): quoted fields with "" escapes, commas,
 * CR/LF/CRLF line ends (also inside quotes), a leading UTF-8 BOM, and a missing final line end.
 */

export interface CsvRecord {
  /** 1-based spreadsheet row (the header is row 1); a record spanning lines keeps its first line's row. */
  row: number;
  fields: string[];
}

export class CsvError extends Error {
  constructor(
    message: string,
    readonly row: number,
  ) {
    super(message);
    this.name = 'CsvError';
  }
}

/** Parses CSV text into records. Blank lines are skipped. Throws CsvError on an unterminated quote. */
export function parseCsv(input: string, delimiter = ','): CsvRecord[] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let fieldStarted = false;
  let record = 1;
  let recordStart = 1;
  const n = text.length;
  let i = 0;
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '' && !fieldStarted)) records.push({ row: recordStart, fields });
    fields = [];
    field = '';
    fieldStarted = false;
  };
  while (i < n) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      fieldStarted = true;
      i++;
      continue;
    }
    if (c === delimiter) {
      fields.push(field);
      field = '';
      fieldStarted = true;
      i++;
      continue;
    }
    if (c === '\r' || c === '\n') {
      endRecord();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      record++;
      recordStart = record;
      continue;
    }
    field += c;
    fieldStarted = true;
    i++;
  }
  if (quoted) throw new CsvError(`a quoted field starting in row ${recordStart} is never closed`, recordStart);
  if (field !== '' || fields.length > 0 || fieldStarted) endRecord();
  return records;
}

function quote(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Writes records as CSV (CRLF line ends, fields quoted only when needed). */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';
}
