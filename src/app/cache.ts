/**
 * The server's in-memory caches (sessions, list pages). Correctness rules:
 * - every write through the API empties all of them, before the write runs and again once it has run, so the next
 *   read sees it; a value computed while a write was running is not kept (`mark` / `set`);
 * - an entry lives at most `ttlMs`: writes made outside this process (`sf users`, `sf publish` from another process)
 *   are seen after that delay at the latest;
 * - keys hold everything a value depends on (callers include the viewer's id, roles and departments).
 */
export class Caches {
  private generation = 0;
  private readonly all: TtlCache<unknown>[] = [];

  create<V>(ttlMs: number, max: number): TtlCache<V> {
    const c = new TtlCache<V>(this, ttlMs, max);
    this.all.push(c as TtlCache<unknown>);
    return c;
  }

  /** The current generation, to pass to `set` once the value is computed. */
  mark(): number {
    return this.generation;
  }

  /** Forgets every entry; values being computed now will not be kept. */
  invalidate(): void {
    this.generation++;
    for (const c of this.all) c.clear();
  }
}

export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();
  private readonly running = new Map<string, Promise<V>>();
  constructor(
    private readonly owner: Caches,
    private readonly ttlMs: number,
    private readonly max: number,
  ) {}

  /** The owner's current generation, to pass to `set` once the value is computed. */
  mark(): number {
    return this.owner.mark();
  }

  get(key: string): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.until <= performance.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return e.value;
  }

  /** Keeps `value` unless a write happened since `since` (from `Caches.mark`); `ttlMs` may only shorten the TTL. */
  set(key: string, value: V, since: number, ttlMs = this.ttlMs): void {
    if (since !== this.owner.mark() || ttlMs <= 0) return;
    if (this.entries.size >= this.max && !this.entries.has(key)) {
      // the oldest insertion goes first (Map keeps insertion order)
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { value, until: performance.now() + Math.min(ttlMs, this.ttlMs) });
  }

  /**
   * The cached value, or the one `compute` gives. Concurrent misses of one key share one computation (an expired
   * entry must not send every waiting client to the store at once); after an invalidation, a new one starts.
   * An entry read in the second half of its life is recomputed in the background while it is still served, so
   * that steady traffic never waits for an expiry (and never gets a value older than the TTL). `keepMs` may shorten
   * the TTL of a value (0: not kept).
   */
  async getOrCompute(key: string, compute: () => Promise<V>, keepMs: (v: V) => number = () => this.ttlMs): Promise<V> {
    const e = this.entries.get(key);
    const now = performance.now();
    if (e && e.until > now) {
      if (e.until - now < this.ttlMs / 2 && !this.running.has(key)) this.start(key, compute, keepMs).catch(() => {});
      return e.value;
    }
    return this.running.get(key) ?? this.start(key, compute, keepMs);
  }

  private start(key: string, compute: () => Promise<V>, keepMs: (v: V) => number): Promise<V> {
    const since = this.mark();
    const started = compute()
      .then((v) => {
        this.set(key, v, since, keepMs(v));
        return v;
      })
      .finally(() => {
        if (this.running.get(key) === started) this.running.delete(key);
      });
    this.running.set(key, started);
    return started;
  }

  clear(): void {
    this.entries.clear();
    this.running.clear();
  }
}
