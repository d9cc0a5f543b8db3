/** What the fake model answers for each function body (by symbol): plausible, correct code. */
export const BODIES = {
  isValidEmail: 'return /^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$/.test(text);',
  normalizeEmail: 'return text.trim().toLowerCase();',
  register: "const normalized = normalizeEmail(email);\nif (!isValidEmail(normalized)) throw new Error(`invalid e-mail: ${email}`);\nif (this.store.all().some((u) => u.email === normalized)) throw new Error(`e-mail taken: ${email}`);\nconst user: User = { id: newId(), email: normalized, name, createdAt: this.now(), active: true };\nthis.store.put(user);\nreturn user;",
  deactivate: 'const user = this.store.get(id);\nif (!user) return false;\nthis.store.put({ ...user, active: false });\nreturn true;',
  search: 'const q = query.toLowerCase();\nreturn this.store.all()\n  .filter((u) => u.active && u.name.toLowerCase().includes(q))\n  .sort((a, b) => a.name.localeCompare(b.name));',
  chunk: 'const out: T[][] = [];\nfor (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));\nreturn out;',
  clamp: 'return Math.min(max, Math.max(min, n));',
  slugify: "return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');",
  groupBy: 'const out: Record<string, T[]> = {};\nfor (const item of items) (out[String(key(item))] ??= []).push(item);\nreturn out;',
  intersect: 'const set = new Set(b);\nreturn a.filter((x) => set.has(x));',
  sum: 'return values.reduce((acc, v) => acc + v, 0);',
  double: 'return n * 2;',
  area: 'return this.width * this.height;',
  perimeter: 'return 2 * (this.width + this.height);',
  bounds: 'return { x: this.x, y: this.y, width: this.width, height: this.height };',
  union: 'if (!boxes.length) return { x: 0, y: 0, width: 0, height: 0 };\nconst x = Math.min(...boxes.map((b) => b.x));\nconst y = Math.min(...boxes.map((b) => b.y));\nconst right = Math.max(...boxes.map((b) => b.x + b.width));\nconst bottom = Math.max(...boxes.map((b) => b.y + b.height));\nreturn { x, y, width: right - x, height: bottom - y };',
};

/** Circle's members share names with Rect's; the prompt names the class, so answer by class. */
export const CIRCLE = {
  area: 'return Math.PI * this.r * this.r;',
  perimeter: 'return 2 * Math.PI * this.r;',
  bounds: 'return { x: this.cx - this.r, y: this.cy - this.r, width: 2 * this.r, height: 2 * this.r };',
};
