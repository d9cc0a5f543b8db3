/**
 * Words for the evidence view: each trace span's stage name in full and distinct (a second
 * "sandbox run" says which candidate or purpose it was), and the tab title (what and where,
 * not a hash). Pure (no `vscode`), so the wording is unit-tested without an editor.
 */
import type { GeneratedRegion, SerializedSpan } from '../../../server/src/protocol';

const KNOWN: Record<string, string> = {
  'weavergen.generate': 'Generate',
  'weavergen.pregeneration': 'Pre-generation',
  'weavergen.sandbox.run': 'Sandbox run',
  'weavergen.typecheck': 'Type check',
  'weavergen.repair': 'Repair',
  'weavergen.quality': 'Quality score',
  'weavergen.providers': 'Ask the models',
};

/** Attributes that tell two spans of the same stage apart, most telling first. */
const DISTINGUISHERS = [
  'weavergen.sandbox.purpose', 'weavergen.provider.id', 'gen_ai.request.model', 'weavergen.candidate.ids',
  'weavergen.repair.iteration', 'weavergen.site.symbol',
];

/** A readable stage name: "weavergen.extract.candidates" → "Extract candidates". */
export function stageName(name: string): string {
  const known = KNOWN[name];
  if (known) return known;
  if (!name.startsWith('weavergen.')) return name;
  const words = name.slice('weavergen.'.length).replace(/[._]+/g, ' ').trim();
  return words ? words[0].toUpperCase() + words.slice(1) : name;
}

/** A full label per span id; spans that would read the same get a distinguishing detail, else "#n". */
export function spanLabels(spans: readonly Pick<SerializedSpan, 'spanId' | 'name' | 'attributes'>[]): Record<string, string> {
  const groups = new Map<string, typeof spans[number][]>();
  for (const s of spans) {
    const base = stageName(s.name);
    groups.set(base, [...(groups.get(base) ?? []), s]);
  }
  const out: Record<string, string> = {};
  for (const [base, group] of groups) {
    if (group.length === 1) {
      out[group[0].spanId] = base;
      continue;
    }
    const key = DISTINGUISHERS.find((k) => new Set(group.map((s) => detail(s.attributes[k]))).size === group.length);
    group.forEach((s, i) => {
      const d = key ? detail(s.attributes[key]) : '';
      out[s.spanId] = d ? `${base} (${d})` : `${base} #${i + 1}`;
    });
  }
  return out;
}

function detail(v: unknown): string {
  if (v === undefined || v === null) return '';
  return (Array.isArray(v) ? v.join(', ') : String(v)).slice(0, 60);
}

/** The tab title: the generated symbol or intent and where it is, e.g. "Evidence: area (shapes.ts:12)". */
export function evidenceTitle(data: { traceId?: string; region?: Pick<GeneratedRegion, 'uri' | 'range' | 'summary'> }, rootSpanName?: string): string {
  const r = data.region;
  if (r) {
    const file = decodeURIComponent(r.uri.split('/').pop() ?? r.uri);
    const what = r.summary.intent ? shorten(r.summary.intent.split('\n')[0], 40) : '';
    return `Evidence: ${what ? `${what} ` : ''}(${file}:${r.range.start.line + 1})`;
  }
  return rootSpanName ? `Evidence: ${stageName(rootSpanName)}` : 'WeaverGen evidence';
}

function shorten(s: string, n: number): string {
  const t = s.trim();
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
}
