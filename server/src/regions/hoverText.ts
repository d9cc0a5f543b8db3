/** The Markdown hover of a generated region: components, providers, checks, timings, trace. Pure. */
import { EvidenceCommands, type EvidenceArgs, type GeneratedRegion } from '../protocol';
import { lensTitle } from './lensText';

const MARK = { pass: '✓', fail: '✗', skipped: '–' } as const;

export function hoverMarkdown(r: GeneratedRegion): string {
  const s = r.summary;
  const out: string[] = [`**WeaverGen evidence** — ${lensTitle(r)}`, ''];
  if (r.stale) out.push(`_Edited since generation (${Math.round(r.editedShare * 100)}% of the code): this evidence describes the original code._`, '');
  if (s.quality) {
    out.push('| Score component | Value |', '|---|---:|');
    for (const [k, v] of Object.entries(s.quality.components)) out.push(`| ${esc(k)} | ${fmt(v)} |`);
    out.push(`| **score** | **${Math.round(s.quality.score)}** |`, '');
  }
  if (s.outcomes.length) {
    out.push('| Provider | Model | Status | Latency | Tokens in/out |', '|---|---|---|---:|---:|');
    for (const o of s.outcomes) {
      const tokens = o.inputTokens !== undefined || o.outputTokens !== undefined ? `${o.inputTokens ?? '?'}/${o.outputTokens ?? '?'}` : '';
      const status = o.error ? `${o.status}: ${esc(o.error).slice(0, 80)}` : o.status;
      out.push(`| ${esc(o.id)} | ${esc(o.model)} | ${status} | ${Math.round(o.latencyMs)} ms | ${tokens} |`);
    }
    out.push('');
  }
  if (s.checks.length) {
    out.push('**Checks:** ' + s.checks.map((c) => `${MARK[c.outcome]} ${c.name}${c.outcome === 'skipped' ? ' skipped' : ''}${c.detail ? ` (${esc(c.detail)})` : ''}`).join(' · '), '');
  }
  if (s.timings) out.push(`**Timings:** total ${ms(s.timings.totalMs)} · context ${ms(s.timings.contextMs)} · generation ${ms(s.timings.generationMs)}`, '');
  if (s.recorded) out.push('_Recorded demo answer, not a live model._', '');
  if (s.traceId) {
    const args: EvidenceArgs = { traceId: s.traceId, uri: r.uri, regionId: r.id };
    const q = encodeURIComponent(JSON.stringify([args]));
    out.push(`Trace \`${s.traceId}\` — [Show evidence](command:${EvidenceCommands.showEvidence}?${q}) · [Trace text](command:${EvidenceCommands.showTrace}?${q})`);
  }
  return out.join('\n').trimEnd();
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(2);
}

function ms(v: number): string {
  return `${Math.round(v)} ms`;
}

function esc(s: string): string {
  return s.replace(/[|\\`*_[\]<>]/g, (c) => `\\${c}`).replace(/\n/g, ' ');
}
