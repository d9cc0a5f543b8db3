/** What Show Consensus Diff says when there is nothing to compare. Pure (no `vscode`). */
import type { ConsensusCluster } from '../../../server/src/protocol';

export function noRunnerUpMessage(clusters: readonly Pick<ConsensusCluster, 'size' | 'providers'>[]): string {
  const total = clusters.reduce((n, c) => n + Math.max(0, c.size), 0);
  const who = [...new Set(clusters.flatMap((c) => c.providers))].join(', ');
  if (total <= 1) {
    return `WeaverGen: there was only one candidate${who ? ` (from ${who})` : ''}, so there is nothing to compare. Enable more providers or samples to get alternatives.`;
  }
  return `WeaverGen: all ${total} candidates behaved the same${who ? ` (${who})` : ''}; there is no runner-up to compare.`;
}
