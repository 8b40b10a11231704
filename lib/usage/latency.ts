// Latency is summed in the rollups as a histogram: the count of calls per bucket, the upper
// bounds below in milliseconds (the last is open). Percentiles read back from it are interpolated
// within a bucket, so p50/p95 are estimates whose error is at most the width of their bucket.
export const LATENCY_BOUNDS_MS = [100, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 7500, 10000, 20000, 30000, 60000] as const;
export const LATENCY_BUCKETS = LATENCY_BOUNDS_MS.length + 1;
export const LATENCY_COLUMNS = Array.from({ length: LATENCY_BUCKETS }, (_, i) => `lat${i}`);

/** The bucket a latency falls in (0-based). */
export function latencyBucket(ms: number): number {
  const index = LATENCY_BOUNDS_MS.findIndex((bound) => ms < bound);
  return index === -1 ? LATENCY_BOUNDS_MS.length : index;
}

/** The q-th quantile (0–1) of a histogram, interpolated within its bucket; null when it is empty. */
export function latencyQuantile(histogram: number[], q: number): number | null {
  const total = histogram.reduce((sum, n) => sum + n, 0);
  if (total === 0) return null;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < histogram.length; i++) {
    const n = histogram[i];
    if (n === 0) continue;
    if (seen + n >= rank) {
      const low = i === 0 ? 0 : LATENCY_BOUNDS_MS[i - 1];
      // The open last bucket is reported at its lower bound rather than invented.
      if (i >= LATENCY_BOUNDS_MS.length) return low;
      const high = LATENCY_BOUNDS_MS[i];
      return Math.round(low + ((rank - seen) / n) * (high - low));
    }
    seen += n;
  }
  return LATENCY_BOUNDS_MS[LATENCY_BOUNDS_MS.length - 1];
}
