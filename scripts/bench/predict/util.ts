/** Small, dependency-free helpers used across the app. */

/** Splits `items` into arrays of at most `size` elements. chunk([1, 2, 3], 2) // => [[1, 2], [3]] */
export function chunk<T>(items: T[], size: number): T[][] {
}

/** Clamps `n` into [min, max]. clamp(5, 0, 3) // => 3 */
export function clamp(n: number, min: number, max: number): number {
}

/** Turns "Hello World!" into "hello-world". slugify("Hello World!") // => "hello-world" */
export function slugify(text: string): string {
  throw new Error('not implemented');
}

/** Groups items by the key `key` returns. groupBy(["a", "bb"], (s) => s.length) // => { "1": ["a"], "2": ["bb"] } */
export function groupBy<T>(items: T[], key: (item: T) => string | number): Record<string, T[]> {
}

/** The items that appear in both arrays, in the order of `a`. intersect([1, 2, 3], [3, 1]) // => [1, 3] */
export function intersect<T>(a: T[], b: T[]): T[] {
  // TODO: keep the order of a
}

/** Sum of the numbers. sum([1, 2, 3]) // => 6 */
export function sum(values: number[]): number {
}
