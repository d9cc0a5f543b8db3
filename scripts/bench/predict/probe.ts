/** The probe document: one cached site, looked up over and over while the sessions run. double(2) // => 4 */
export function double(n: number): number {
}
