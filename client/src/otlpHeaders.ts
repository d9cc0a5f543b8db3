/**
 * The text typed into "WeaverGen: Set OTLP Headers": `Name: value` pairs separated by `;` or
 * new lines, or a JSON object. Pure (no `vscode`), so it is tested without an editor.
 */

/** RFC 9110 token characters: what a header name may contain. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export function parseHeaderInput(text: string): { headers: Record<string, string> } | { error: string } {
  const t = text.trim();
  if (!t) return { headers: {} };
  let pairs: [string, unknown][];
  if (t.startsWith('{')) {
    try {
      const o: unknown = JSON.parse(t);
      if (!o || typeof o !== 'object' || Array.isArray(o)) return { error: 'The JSON must be an object of header names to values.' };
      pairs = Object.entries(o);
    } catch {
      return { error: 'That is not valid JSON.' };
    }
  } else {
    pairs = [];
    for (const part of t.split(/[;\n]/).map((p) => p.trim()).filter(Boolean)) {
      const colon = part.indexOf(':');
      if (colon <= 0) return { error: `"${part.slice(0, 20)}…" is not "Name: value".` };
      pairs.push([part.slice(0, colon).trim(), part.slice(colon + 1).trim()]);
    }
  }
  return headersOf(pairs);
}

/** Header name → string value; an error naming the first bad name or value (never echoing the value). */
export function headersOf(pairs: Iterable<[string, unknown]>): { headers: Record<string, string> } | { error: string } {
  const headers: Record<string, string> = {};
  for (const [name, value] of pairs) {
    if (!HEADER_NAME.test(name)) return { error: `"${name.slice(0, 40)}" is not a valid header name.` };
    if (typeof value !== 'string' || /[\r\n\0]/.test(value)) return { error: `The value of ${name} must be a single-line string.` };
    headers[name] = value;
  }
  return { headers };
}
