/**
 * The probe table of a region's hover: each input, its expected result when an example
 * stated one, what the chosen code returned and what the first runner-up returned, and
 * which inputs every candidate rejected (not counted). A few rows only. Pure.
 */
import type { ConsensusProbe, RegionSummary } from '../protocol';

export const MAX_PROBE_ROWS = 6;
const MAX_CELL = 60;

function cell(s: string | undefined): string {
  if (s === undefined || s === '') return '—';
  const t = s.length <= MAX_CELL ? s : `${s.slice(0, MAX_CELL - 1)}…`;
  return `\`${t.replace(/`/g, "'").replace(/\|/g, '¦').replace(/\n/g, ' ')}\``;
}

/** The first rows of `probes` for a summary (bounded). */
export function probeRows(probes: ConsensusProbe[] | undefined): ConsensusProbe[] | undefined {
  return probes?.length ? probes.slice(0, MAX_PROBE_ROWS).map((p) => ({ ...p, outputs: { ...p.outputs } })) : undefined;
}

/** A Markdown table of the probes, or '' when there are none. */
export function probeTableMarkdown(s: RegionSummary): string {
  if (!s.probeTable?.length) return '';
  const winner = s.clusters?.find((c) => c.winner)?.id ?? 'k0';
  const other = s.clusters?.find((c) => !c.winner)?.id;
  const head = ['Input', 'Expected', 'Chosen code', ...(other ? ['Runner-up'] : [])];
  const rows = s.probeTable.map((p) => {
    const chosen = `${cell(p.outputs[winner])}${p.rejectedByAll ? ' (every candidate threw: not counted)' : ''}`;
    return [cell(p.input), cell(p.expected), chosen, ...(other ? [cell(p.outputs[other])] : [])];
  });
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}
