/** The snippet cache: results keyed on local context, byte-bounded, with TTL and metrics. */
export { SnippetCache, entryBytes, DEFAULT_MAX_BYTES, DEFAULT_TTL_MS, type CacheEntry, type Origin, type SnippetCacheOptions } from './snippetCache';
export { CacheMetrics, percentile, type CacheMetricsSnapshot, type LatencySummary } from './metrics';
export {
  cacheKey, keyForFound, keyForPrediction, localContext, providerFingerprint, requeryOf, siteAt, uriOfKey, type FingerprintProvider, type LocalRegion,
} from './contextKey';
export { loadCache, saveCache } from './persistence';
