// One read per key at a time. The caches in front of the database on the gateway's path (keys,
// prices, the request-log setting) expire for every call in flight at once: without this, each of
// them would make the same query, a burst of one query per open connection each time.

export class SingleFlight<K, V> {
  private readonly running = new Map<K, Promise<V>>();

  /** `read`'s promise, or the one already running for `key`. */
  run(key: K, read: () => Promise<V>): Promise<V> {
    const running = this.running.get(key);
    if (running) return running;
    const started = read().finally(() => {
      if (this.running.get(key) === started) this.running.delete(key);
    });
    this.running.set(key, started);
    return started;
  }

  /** Later calls start their own read: the one running may have read what has just changed. */
  forget(key?: K): void {
    if (key === undefined) this.running.clear();
    else this.running.delete(key);
  }
}

/**
 * Whether a cache entry of this age is in the last quarter of its life: the time for a call that
 * it still answers to start the next read, so that no call of a busy entry waits for one.
 */
export function dueForRenewal(age: number, lifetime: number): boolean {
  return age >= lifetime * 0.75;
}
