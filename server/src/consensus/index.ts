/** Behavioural consensus: the public surface. */
export * from './types';
export { normalizeCode, textSimilarity, codeTokens, parseSource } from './normalize';
export { extractDocExamples, type DocExample } from './docExamples';
export { deriveProbeInputs, hashString, seededRandom } from './probeInputs';
export { clusterCandidates, signatureOf, LOAD_ERROR, type Cluster } from './cluster';
export { selectCluster, type Selection, type RankedCluster, type ClusterComponents } from './select';
export { runConsensus, type ConsensusRequest, type ConsensusResult } from './run';
