/** Extracted code -> the text that replaces the site's range. */
import type { FoundSite } from '../context/siteFinder';

/** The extracted code shaped for the site's range (braces, line breaks, indentation). */
export function insertionText(text: string, found: FoundSite, code: string): string {
  if (found.shape === 'body') return `\n${code}\n${found.closingIndent}`;
  if (found.shape === 'lines') {
    const atEndWithoutNewline = found.start === text.length && text.length > 0 && !text.endsWith('\n');
    return `${atEndWithoutNewline ? '\n' : ''}${code}\n`;
  }
  const startsMidLine = found.site.range.start.character > 0;
  return startsMidLine ? code.replace(/^[ \t]+/, '') : code;
}
