/** CSV (RFC 4180, comma separated, CRLF) with a UTF-8 BOM so spreadsheet programs read Vietnamese correctly. */
export function csvCell(value: unknown): string {
  const s = value === null || value === undefined ? "" : String(value);
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(rows: unknown[][]): string {
  return rows.map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

/** The file's bytes: UTF-8 with a byte-order mark (Excel reads Vietnamese correctly only then). */
export function csvBlob(text: string, type = "text/csv;charset=utf-8"): Blob {
  return new Blob(["\uFEFF", text], { type });
}

export function downloadText(filename: string, text: string, type = "text/csv;charset=utf-8"): void {
  const blob = csvBlob(text, type);
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
