/** Scrubs anything shaped like an API key (sk-…, pk-…, key-…) from text bound for a log. Pure. */
export function redactKeyShapes(text: string): string {
  return text.replace(/\b(sk|pk|key)-[A-Za-z0-9_\-*]{6,}/g, '[redacted]');
}
