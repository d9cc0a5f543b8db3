// A tiny demo file for WeaverGen. Put the cursor inside an empty function body and
// run "WeaverGen: Generate" — the body is filled in.

/**
 * Turns a title into a URL slug: lower case, ASCII letters and digits only, words
 * joined by single hyphens, no leading or trailing hyphen.
 * @example slugify('Hello, World!') === 'hello-world'
 */
export function slugify(title: string): string {}

/**
 * Upper-cases the first letter of every word and leaves the rest unchanged; words
 * are separated by whitespace, which is kept as it is.
 * @example capitalizeWords('hello  big world') === 'Hello  Big World'
 */
export function capitalizeWords(s: string): string {}
