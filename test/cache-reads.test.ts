import { beforeAll, describe, expect, it, vi } from "vitest";
import { db, getDatabase } from "@/lib/db/client";
import { currentPrice } from "@/lib/gateway/cost";
import { findGatewayKey, forgetKey, type GatewayKey, KEY_CACHE_MS } from "@/lib/gateway/keys";
import { requestLogMode } from "@/lib/usage/settings";
import { makeProject } from "./support/fixtures";
import { makeKey } from "./support/gateway";

// The per-call caches in front of the database: when an entry runs out under load, the calls in
// flight share one read of it instead of each making its own (a query per connection, every time).

let projectId: string;

beforeAll(async () => {
  projectId = (await makeProject("Key cache")).id;
});

const later = () => ({ now: Date.now() + 2 * KEY_CACHE_MS });

describe("the key cache", () => {
  it("calls that find a key's entry expired share one lookup", async () => {
    const { secret, key } = await makeKey(projectId, { name: "busy" });
    const first = (await findGatewayKey(secret)).key;
    expect(first?.id).toBe(key.id);
    const found = await Promise.all(Array.from({ length: 20 }, () => findGatewayKey(secret, later())));
    const read = new Set(found.map((result) => result.key));
    // One row read, one object made from it, and a new one: the expired entry was not answered.
    expect(read.size).toBe(1);
    expect([...read][0]).not.toBe(first);
    expect([...read][0]?.id).toBe(key.id);
  });

  it("a lookup under way when the key is forgotten answers no later call", async () => {
    const { secret, key } = await makeKey(projectId, { name: "forgotten" });
    await findGatewayKey(secret);
    const before = findGatewayKey(secret, later());
    expect(before).toBeInstanceOf(Promise);
    forgetKey(key.id);
    const after = findGatewayKey(secret, later());
    expect(after).not.toBe(before);
    const [old, fresh] = await Promise.all([before, after]);
    expect(fresh.key).not.toBe(old.key);
    // What the cache keeps is the lookup begun after the forgetting.
    const cached = findGatewayKey(secret) as { key: GatewayKey | null };
    expect(cached).not.toBeInstanceOf(Promise);
    expect(cached.key).toBe(fresh.key);
  });
});

describe("renewing an entry before it runs out", () => {
  it("a busy key's entry is read again in its last quarter, and no call waits for it", async () => {
    const { secret } = await makeKey(projectId, { name: "renewed" });
    const t0 = Date.now();
    const first = (await findGatewayKey(secret, { now: t0 })).key;
    // Within its first three quarters the entry answers alone.
    expect((findGatewayKey(secret, { now: t0 + KEY_CACHE_MS / 2 }) as { key: GatewayKey }).key).toBe(first);
    // Later, it still answers at once, and the next lookup starts beside it.
    const late = findGatewayKey(secret, { now: t0 + KEY_CACHE_MS * 0.8 });
    expect(late).not.toBeInstanceOf(Promise);
    expect((late as { key: GatewayKey }).key).toBe(first);
    const renewed = await vi.waitFor(() => {
      const key = (findGatewayKey(secret, { now: t0 + KEY_CACHE_MS * 0.8 }) as { key: GatewayKey }).key;
      expect(key).not.toBe(first);
      return key;
    });
    // Past the first entry's second, the renewed one answers without a lookup.
    const after = findGatewayKey(secret, { now: t0 + KEY_CACHE_MS * 1.5 });
    expect(after).not.toBeInstanceOf(Promise);
    expect((after as { key: GatewayKey }).key).toBe(renewed);
  });

  it("a price is read again in its entry's last quarter", async () => {
    const { pool } = await getDatabase();
    const query = vi.spyOn(pool, "query");
    try {
      const t0 = Date.now();
      await currentPrice("no-such-model-renewed", projectId, t0);
      expect(query).toHaveBeenCalledTimes(1);
      await currentPrice("no-such-model-renewed", projectId, t0 + 10_000);
      expect(query).toHaveBeenCalledTimes(1);
      expect(await currentPrice("no-such-model-renewed", projectId, t0 + 25_000)).toBeNull();
      await vi.waitFor(() => expect(query).toHaveBeenCalledTimes(2));
      // Read at t0 + 25 s: good until t0 + 55 s.
      expect(await currentPrice("no-such-model-renewed", projectId, t0 + 40_000)).toBeNull();
      expect(query).toHaveBeenCalledTimes(2);
    } finally {
      query.mockRestore();
    }
  });

  it("the request-log setting is read again in its entry's last quarter", async () => {
    const prisma = await db();
    const read = vi.spyOn(prisma.projectUsageSettings, "findUnique");
    try {
      const { id } = await makeProject("Setting renewed");
      const t0 = Date.now();
      expect(await requestLogMode(id, t0)).toBe("metadata");
      expect(requestLogMode(id, t0 + 2_000)).toBe("metadata");
      expect(read).toHaveBeenCalledTimes(1);
      expect(requestLogMode(id, t0 + 4_500)).toBe("metadata");
      await vi.waitFor(() => expect(read).toHaveBeenCalledTimes(2));
      // Read at t0 + 4.5 s: good until t0 + 9.5 s.
      await vi.waitFor(() => expect(requestLogMode(id, t0 + 7_000)).toBe("metadata"));
      expect(read).toHaveBeenCalledTimes(2);
    } finally {
      read.mockRestore();
    }
  });
});

describe("the request-log setting", () => {
  it("calls that find a project's entry expired share one read", async () => {
    const prisma = await db();
    const read = vi.spyOn(prisma.projectUsageSettings, "findUnique");
    try {
      const { id } = await makeProject("Setting read once");
      const modes = await Promise.all(Array.from({ length: 10 }, () => requestLogMode(id)));
      expect(new Set(modes)).toEqual(new Set(["metadata"]));
      expect(read).toHaveBeenCalledTimes(1);
      // Cached now: answered without a promise.
      expect(requestLogMode(id)).toBe("metadata");
    } finally {
      read.mockRestore();
    }
  });
});

describe("the price cache", () => {
  it("calls that find a model's price expired share one read", async () => {
    const { pool } = await getDatabase();
    const query = vi.spyOn(pool, "query");
    try {
      const prices = await Promise.all(Array.from({ length: 10 }, () => currentPrice("no-such-model-cached", projectId)));
      expect(prices).toEqual(Array(10).fill(null));
      expect(query).toHaveBeenCalledTimes(1);
    } finally {
      query.mockRestore();
    }
  });
});
