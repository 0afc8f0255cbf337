// RFC 4180 CSV: a field is quoted when it holds a comma, a quote or a line break; lines end with CRLF.
export function csvLine(fields: ReadonlyArray<string | number | null>): string {
  return `${fields.map((field) => csvField(field === null ? '' : String(field))).join(',')}\r\n`;
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
