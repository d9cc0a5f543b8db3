/**
 * String inputs for formats the prompt names (an ISO date, a time, an e-mail address, a URL,
 * a hex colour, a version, a UUID): a few valid values and one near miss each, so a function
 * that rightly rejects arbitrary strings is also probed where it must succeed. Pure.
 */
const HINTS: { re: RegExp; values: string[] }[] = [
  { re: /YYYY-MM-DD|\bISO[ -]?(?:8601[ -]?)?date/i, values: ['2024-02-29', '1999-12-31', '2023-02-29', '2024-13-01'] },
  { re: /\bHH:MM\b|\btime of day\b/i, values: ['09:30', '23:59', '24:00'] },
  { re: /\be-?mail\b/i, values: ['ada@example.com', 'not-an-email'] },
  { re: /\bURLs?\b|\bhttps?:\/\//i, values: ['https://example.com/a?b=1', 'not a url'] },
  { re: /\bhex(?:adecimal)? colou?r|#rrggbb/i, values: ['#1a2b3c', '#fff', 'red'] },
  { re: /\bsemver\b|\bsemantic version/i, values: ['1.2.3', '0.10.0-beta.1', '1.2'] },
  { re: /\bUUID\b/i, values: ['123e4567-e89b-12d3-a456-426614174000', 'not-a-uuid'] },
];

/** The hinted strings for `prompt`, in a fixed order (at most `max`). */
export function formatStrings(prompt: string, max = 6): string[] {
  return HINTS.filter((h) => h.re.test(prompt)).flatMap((h) => h.values).slice(0, max);
}
