// Documents end with exactly one newline, whatever the renderer left: what a
// file on disk and a terminal prompt after it expect.

/** `text` with its trailing newlines replaced by one. */
export function withFinalNewline(text: string): string {
  return `${text.replace(/\n+$/, '')}\n`;
}
