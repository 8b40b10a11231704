import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { estimateCall } from "@/lib/gateway/cost";
import { findGatewayKey, type GatewayKey } from "@/lib/gateway/keys";
import { type Settlements, SettlementsNotWritten, writeSettlements } from "@/lib/gateway/limit-store";
import { LeasedLimits, type Taken } from "@/lib/gateway/limits";
import { connectProjectToSandbox } from "@/lib/upstream/connections";
import { makeProject } from "./support/fixtures";
import { makeKey, startGateway } from "./support/gateway";
import { failure, waitFor } from "./support/sandbox-server";
import { connectProject, loopback, startFakeUpstream, usageCollector } from "./support/upstream";

// Limits and budgets under concurrency, counted in the database (the same tests run on PGlite and
// on PostgreSQL), on one replica and across two, their errors and headers, and what happens when
// the database does not answer.

const usage = usageCollector();
let gateway: Awaited<ReturnType<typeof startGateway>>;
let projectId: string;

beforeAll(async () => {
  gateway = await startGateway({ recordUsage: usage.record, dispatcher: loopback });
  projectId = (await makeProject("Limits")).id;
  await connectProjectToSandbox(projectId, await db());
});

afterAll(async () => gateway.close());

async function get(path: string, secret: string, origin = gateway.origin) {
  const response = await fetch(`${origin}${path}`, { headers: { authorization: `Bearer ${secret}` } });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

/** Rate limits count per clock minute: a test that must stay within one starts well before its end. */
async function awayFromMinuteEnd() {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 45_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoMinute + 50));
}

describe("rate limits", () => {
  it("200 parallel requests against 50 per minute let exactly 50 through", async () => {
    await awayFromMinuteEnd();
    const { secret } = await makeKey(projectId, { requestsPerMinute: 50 });
    const answers = await Promise.all(Array.from({ length: 200 }, () => get("/v1/models", secret)));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(50);
    expect(statuses.filter((s) => s === 429)).toHaveLength(150);
  });

  it("a 429 says which limit, with retry-after and x-ratelimit-* describing the key's limit", async () => {
    await awayFromMinuteEnd();
    const { secret } = await makeKey(projectId, { requestsPerMinute: 2 });
    const ok = await get("/v1/models", secret);
    expect(ok.headers.get("x-ratelimit-limit-requests")).toBe("2");
    expect(ok.headers.get("x-ratelimit-remaining-requests")).toBe("1");
    await get("/v1/models", secret);
    const limited = await get("/v1/models", secret);
    expect(limited.status).toBe(429);
    expect(limited.body.error).toMatchObject({ type: "requests", code: "rate_limit_exceeded" });
    expect(limited.body.error.message).toMatch(/2 requests per minute/);
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.headers.get("x-ratelimit-limit-requests")).toBe("2");
    expect(limited.headers.get("x-ratelimit-remaining-requests")).toBe("0");
    expect(limited.headers.get("x-ratelimit-reset-requests")).toMatch(/^\d+s$/);
  });

  it("tokens per minute count the input and the most the call may write", async () => {
    await awayFromMinuteEnd();
    const { secret } = await makeKey(projectId, { tokensPerMinute: 300 });
    const client = gateway.client(secret);
    await client.chat.completions.create({ model: "sandbox-chat", messages: [{ role: "user", content: "hi" }], max_tokens: 100 });
    const refused = await failure(
      client.chat.completions.create({ model: "sandbox-chat", messages: [{ role: "user", content: "hi" }], max_tokens: 500 }),
    );
    expect(refused).toMatchObject({ status: 429, type: "tokens", code: "rate_limit_exceeded" });
  });
});

describe("budgets", () => {
  it("50 simultaneous calls against a budget that covers 5 overshoot by at most one call", async () => {
    const body = { model: "sandbox-chat", messages: [{ role: "user" as const, content: "Tell me about budgets." }], max_tokens: 200 };
    const estimate = await estimateCall(projectId, "/chat/completions", body, "sandbox-chat");
    expect(estimate.worstCaseNanoUsd).toBeGreaterThan(0n);
    const budgetUsd = Math.ceil(Number(estimate.worstCaseNanoUsd * 5n) / 1e7) / 100;
    const { secret, key } = await makeKey(projectId, { monthlyBudgetUsd: budgetUsd });
    const client = gateway.client(secret);
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => client.chat.completions.create(body)));
    const passed = results.filter((r) => r.status === "fulfilled").length;
    expect(passed).toBeGreaterThanOrEqual(1);
    const refused = results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason);
    for (const error of refused) expect(error).toMatchObject({ status: 429, code: "insufficient_quota", type: "insufficient_quota" });
    const prisma = await db();
    await waitFor(async () => {
      const period = await prisma.apiKeyBudgetPeriod.findFirst({ where: { apiKeyId: key.id } });
      return period !== null && period.reservedNanoUsd === 0n;
    }, "reservations settled");
    const period = await prisma.apiKeyBudgetPeriod.findFirstOrThrow({ where: { apiKeyId: key.id } });
    const budget = BigInt(Math.round(budgetUsd * 100)) * 10_000_000n;
    expect(period.spentNanoUsd).toBeLessThanOrEqual(budget + estimate.worstCaseNanoUsd);
    // The real cost is below the worst case, so more than five fit; none beyond the budget.
    expect(passed).toBeGreaterThanOrEqual(5);
    // Spent to the limit: the next call is refused.
    await waitFor(
      async () => (await prisma.apiKeyBudgetPeriod.findFirstOrThrow({ where: { apiKeyId: key.id } })).spentNanoUsd > 0n,
      "spend",
    );
  });

  it("a spent budget refuses every route with 429 insufficient_quota; an alert-only budget does not", async () => {
    const prisma = await db();
    const blocking = await makeKey(projectId, { monthlyBudgetUsd: 1 });
    const alerting = await makeKey(projectId, { monthlyBudgetUsd: 1, budgetAction: "alert" });
    const month = new Date().toISOString().slice(0, 7);
    for (const made of [blocking, alerting]) {
      await prisma.apiKeyBudgetPeriod.create({ data: { apiKeyId: made.key.id, month, spentNanoUsd: 1_000_000_000n } });
    }
    const refused = await get("/v1/models", blocking.secret);
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({ type: "insufficient_quota", code: "insufficient_quota" });
    expect((await get("/v1/models", alerting.secret)).status).toBe(200);
  });

  it("a key with both a rate limit and a budget is refused by whichever runs out", async () => {
    await awayFromMinuteEnd();
    const prisma = await db();
    const both = await makeKey(projectId, { requestsPerMinute: 3, monthlyBudgetUsd: 10 });
    const body = { model: "sandbox-chat", messages: [{ role: "user" as const, content: "hi" }], max_tokens: 20 };
    const client = gateway.client(both.secret);
    for (let i = 0; i < 3; i++) await client.chat.completions.create(body);
    expect(await failure(client.chat.completions.create(body))).toMatchObject({
      status: 429,
      code: "rate_limit_exceeded",
      type: "requests",
    });
    await waitFor(
      async () => (await prisma.apiKeyBudgetPeriod.findFirst({ where: { apiKeyId: both.key.id } }))?.reservedNanoUsd === 0n,
      "settled",
    );
    const period = await prisma.apiKeyBudgetPeriod.findFirstOrThrow({ where: { apiKeyId: both.key.id } });
    expect(period.spentNanoUsd).toBeGreaterThan(0n);

    const spent = await makeKey(projectId, { requestsPerMinute: 100, monthlyBudgetUsd: 1 });
    await prisma.apiKeyBudgetPeriod.create({
      data: { apiKeyId: spent.key.id, month: new Date().toISOString().slice(0, 7), spentNanoUsd: 1_000_000_000n },
    });
    expect(await failure(gateway.client(spent.secret).chat.completions.create(body))).toMatchObject({
      status: 429,
      code: "insufficient_quota",
    });
  });

  it("a call cut off releases its reservation", async () => {
    const prisma = await db();
    const { secret, key } = await makeKey(projectId, { monthlyBudgetUsd: 100 });
    const controller = new AbortController();
    const pending = fetch(`${gateway.origin}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${secret}`, "content-type": "application/json", "x-sandbox-fault": "timeout" },
      body: JSON.stringify({ model: "sandbox-chat", messages: [{ role: "user", content: "hang" }], max_tokens: 50 }),
      signal: controller.signal,
    }).catch((error: Error) => error);
    const reserved = async () => (await prisma.apiKeyBudgetPeriod.findFirst({ where: { apiKeyId: key.id } }))?.reservedNanoUsd ?? 0n;
    await waitFor(async () => (await reserved()) > 0n, "the reservation");
    controller.abort();
    expect(await pending).toBeInstanceOf(Error);
    await waitFor(async () => (await reserved()) === 0n, "the reservation released");
    const period = await prisma.apiKeyBudgetPeriod.findFirstOrThrow({ where: { apiKeyId: key.id } });
    expect(period.spentNanoUsd).toBe(0n);
    // The in-process sandbox answers its own cancelled call with a 504; the call is recorded either way.
    await waitFor(() => usage.events.some((e) => e.apiKeyId === key.id && e.inputTokens === 0), "the cut-off call's usage event");
  });
});

describe("calls refused by a key's limits", () => {
  it("are counted for the key's month, by the limit that refused them", async () => {
    await awayFromMinuteEnd();
    const prisma = await db();
    const month = new Date().toISOString().slice(0, 7);
    const before = new Date();
    const limited = await makeKey(projectId, { requestsPerMinute: 2 });
    const answers = await Promise.all(Array.from({ length: 7 }, () => get("/v1/models", limited.secret)));
    expect(answers.filter((a) => a.status === 429)).toHaveLength(5);
    const spent = await makeKey(projectId, { monthlyBudgetUsd: 1 });
    await prisma.apiKeyBudgetPeriod.create({ data: { apiKeyId: spent.key.id, month, spentNanoUsd: 1_000_000_000n } });
    for (let i = 0; i < 3; i++) expect((await get("/v1/models", spent.secret)).status).toBe(429);
    // An answered call (under its limit) and an alert-only budget's calls are not refusals.
    const alerting = await makeKey(projectId, { monthlyBudgetUsd: 1, budgetAction: "alert" });
    await prisma.apiKeyBudgetPeriod.create({ data: { apiKeyId: alerting.key.id, month, spentNanoUsd: 1_000_000_000n } });
    expect((await get("/v1/models", alerting.secret)).status).toBe(200);

    const counts = async (apiKeyId: string) =>
      prisma.apiKeyBudgetPeriod.findFirst({ where: { apiKeyId, month }, select: { rateLimited: true, overBudget: true } });
    await waitFor(async () => (await counts(limited.key.id))?.rateLimited === 5, "rate limit refusals written");
    expect(await counts(limited.key.id)).toEqual({ rateLimited: 5, overBudget: 0 });
    await waitFor(async () => (await counts(spent.key.id))?.overBudget === 3, "budget refusals written");
    expect(await counts(spent.key.id)).toEqual({ rateLimited: 0, overBudget: 3 });
    expect(await counts(alerting.key.id)).toEqual({ rateLimited: 0, overBudget: 0 });

    // When the latest refusal was; a later write never moves it back.
    const lastRefused = async (apiKeyId: string) =>
      (await prisma.apiKeyBudgetPeriod.findFirst({ where: { apiKeyId, month }, select: { lastRefusedAt: true } }))?.lastRefusedAt;
    const latest = (await lastRefused(limited.key.id)) as Date;
    expect(latest.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1);
    expect(latest.getTime()).toBeLessThanOrEqual(Date.now());
    expect(await lastRefused(alerting.key.id)).toBeNull();
    await writeSettlements({
      rate: [],
      budget: [],
      refused: [{ keyId: limited.key.id, month, rateLimited: 1, overBudget: 0, lastAt: new Date(latest.getTime() - 60_000) }],
    });
    expect(await counts(limited.key.id)).toEqual({ rateLimited: 6, overBudget: 0 });
    expect(await lastRefused(limited.key.id)).toEqual(latest);
  });
});

describe("slices held by each replica", () => {
  let replicas: Awaited<ReturnType<typeof startGateway>>[];

  beforeAll(async () => {
    // Two replicas of the gateway: each has its own limits in memory, and they share the database.
    replicas = await Promise.all(
      [0, 1].map(() => startGateway({ recordUsage: usage.record, dispatcher: loopback, limits: new LeasedLimits() })),
    );
  });

  afterAll(async () => Promise.all(replicas.map((replica) => replica.close())));

  const window = async (apiKeyId: string) =>
    (await (await db()).apiKeyRateWindow.findMany({ where: { apiKeyId }, orderBy: { windowStart: "desc" }, take: 1 }))[0];

  it("a busy key counts calls in memory, one statement per slice of its limit", async () => {
    await awayFromMinuteEnd();
    const { secret, key } = await makeKey(projectId, { requestsPerMinute: 1600 });
    for (let i = 0; i < 20; i++) expect((await get("/v1/models", secret)).status).toBe(200);
    // One slice of 1600 / 16 = 100 requests was taken for the twenty calls…
    expect((await window(key.id))?.requests).toBe(100);
    // …and what was left of it goes back once unused, so the window counts just the calls.
    await waitFor(async () => (await window(key.id))?.requests === 20, "the unused slice given back");
  });

  it("200 parallel requests over two replicas against 50 per minute let exactly 50 through", async () => {
    await awayFromMinuteEnd();
    const { secret } = await makeKey(projectId, { requestsPerMinute: 50 });
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => get("/v1/models", secret, replicas[i % 2].origin)));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(50);
    expect(statuses.filter((s) => s === 429)).toHaveLength(150);
  });

  it("a slice one replica no longer uses can be taken by the other within the minute", async () => {
    await awayFromMinuteEnd();
    const { secret, key } = await makeKey(projectId, { requestsPerMinute: 32 });
    // Replica 0 takes a slice of two requests and uses one.
    expect((await get("/v1/models", secret, replicas[0].origin)).status).toBe(200);
    await waitFor(async () => (await window(key.id))?.requests === 1, "the unused request given back");
    const answers = await Promise.all(Array.from({ length: 40 }, () => get("/v1/models", secret, replicas[1].origin)));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(31);
  });

  it("50 simultaneous calls over two replicas against a budget that covers 5 overshoot by at most one call", async () => {
    const body = { model: "sandbox-chat", messages: [{ role: "user" as const, content: "Tell me about budgets." }], max_tokens: 200 };
    const estimate = await estimateCall(projectId, "/chat/completions", body, "sandbox-chat");
    const budgetUsd = Math.ceil(Number(estimate.worstCaseNanoUsd * 5n) / 1e7) / 100;
    const { secret, key } = await makeKey(projectId, { monthlyBudgetUsd: budgetUsd });
    const clients = replicas.map((replica) => replica.client(secret));
    const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => clients[i % 2].chat.completions.create(body)));
    const passed = results.filter((r) => r.status === "fulfilled").length;
    expect(passed).toBeGreaterThanOrEqual(5);
    const prisma = await db();
    await waitFor(
      async () => (await prisma.apiKeyBudgetPeriod.findFirst({ where: { apiKeyId: key.id } }))?.reservedNanoUsd === 0n,
      "reservations settled and slices given back",
    );
    const period = await prisma.apiKeyBudgetPeriod.findFirstOrThrow({ where: { apiKeyId: key.id } });
    const budget = BigInt(Math.round(budgetUsd * 100)) * 10_000_000n;
    expect(period.spentNanoUsd).toBeGreaterThan(0n);
    expect(period.spentNanoUsd).toBeLessThanOrEqual(budget + estimate.worstCaseNanoUsd);
  });

  it("a replica gives its slices back and writes its spend when it closes", async () => {
    const limits = new LeasedLimits();
    const closing = await startGateway({ recordUsage: usage.record, dispatcher: loopback, limits });
    const { secret, key } = await makeKey(projectId, { requestsPerMinute: 1600, monthlyBudgetUsd: 100 });
    await awayFromMinuteEnd();
    await closing
      .client(secret)
      .chat.completions.create({ model: "sandbox-chat", messages: [{ role: "user", content: "hi" }], max_tokens: 20 });
    const prisma = await db();
    await waitFor(() => usage.events.some((e) => e.apiKeyId === key.id), "the call's usage");
    await closing.close();
    await limits.close();
    expect((await window(key.id))?.requests).toBe(1);
    const period = await prisma.apiKeyBudgetPeriod.findFirstOrThrow({ where: { apiKeyId: key.id } });
    expect(period.reservedNanoUsd).toBe(0n);
    expect(period.spentNanoUsd).toBeGreaterThan(0n);
  });
});

describe("this replica's slices", () => {
  it("a call that fits in the slice is counted at once, without a trip to the database", async () => {
    await awayFromMinuteEnd();
    const { key, secret } = await makeKey(projectId, { requestsPerMinute: 1600, monthlyBudgetUsd: 100 });
    const limited = (await findGatewayKey(secret)).key as GatewayKey;
    const limits = new LeasedLimits();
    // The first call leases the slices (a statement each); the next ones are counted in memory.
    const first = limits.take(limited, 10, 1_000n);
    expect(first).toBeInstanceOf(Promise);
    await first;
    const second = limits.take(limited, 10, 1_000n);
    expect(second).not.toBeInstanceOf(Promise);
    expect((second as Taken).rate?.used.requests).toBe(2);
    expect((second as Taken).reservation?.nanoUsd).toBe(1_000n);
    await limits.close();
    const windows = await (await db()).apiKeyRateWindow.findMany({ where: { apiKeyId: key.id } });
    expect(windows.map((row) => row.requests)).toEqual([2]);
  });
});

describe("the rows of past minutes", () => {
  it("are deleted once over an hour old, when a replica starts a new minute", async () => {
    await awayFromMinuteEnd();
    const prisma = await db();
    const { key, secret } = await makeKey(projectId, { requestsPerMinute: 1600 });
    const minute = (msAgo: number) => new Date(Math.floor((Date.now() - msAgo) / 60_000) * 60_000);
    await prisma.apiKeyRateWindow.createMany({
      data: [
        { apiKeyId: key.id, windowStart: minute(3 * 60 * 60_000), requests: 5, tokens: 0 },
        { apiKeyId: key.id, windowStart: minute(61 * 60_000), requests: 5, tokens: 0 },
        { apiKeyId: key.id, windowStart: minute(30 * 60_000), requests: 5, tokens: 0 },
      ],
    });
    const limits = new LeasedLimits();
    await limits.take((await findGatewayKey(secret)).key as GatewayKey, 10, 0n);
    const starts = async () =>
      (await prisma.apiKeyRateWindow.findMany({ where: { apiKeyId: key.id }, orderBy: { windowStart: "asc" } })).map((row) =>
        row.windowStart.getTime(),
      );
    await waitFor(async () => (await starts()).length === 2, "the windows over an hour old deleted");
    expect(await starts()).toEqual([minute(30 * 60_000).getTime(), minute(0).getTime()]);
    await limits.close();
  });
});

describe("settlements the database failed to write", () => {
  const period = async (apiKeyId: string) =>
    (await db()).apiKeyBudgetPeriod.findFirst({
      where: { apiKeyId },
      select: { spentNanoUsd: true, reservedNanoUsd: true, overBudget: true },
    });

  it("are kept and written later, each exactly once", async () => {
    await awayFromMinuteEnd();
    const { key, secret } = await makeKey(projectId, { requestsPerMinute: 1600, monthlyBudgetUsd: 100 });
    const limited = (await findGatewayKey(secret)).key as GatewayKey;
    // First the database is away; then it writes the slices given back and fails before the
    // spend; then it answers.
    const attempts: Settlements[] = [];
    const limits = new LeasedLimits({
      retryMs: 50,
      write: async (settlements) => {
        attempts.push(settlements);
        if (attempts.length === 1) throw new Error("connection refused");
        if (attempts.length === 2) {
          await writeSettlements({ rate: settlements.rate, budget: [], refused: [] });
          throw new SettlementsNotWritten({ ...settlements, rate: [] }, new Error("connection reset"));
        }
        await writeSettlements(settlements);
      },
    });
    for (const cost of [1_000n, 2_500n, 700n]) {
      const taken = await limits.take(limited, 10, 5_000n);
      limits.settle(limited, taken, { tokens: 10, costNanoUsd: cost });
    }
    await limits.close();
    await waitFor(async () => (await period(key.id))?.spentNanoUsd === 4_200n, "the spend written on the third try");
    expect(attempts.length).toBe(3);
    expect(await period(key.id)).toMatchObject({ spentNanoUsd: 4_200n, reservedNanoUsd: 0n });
    const windows = await (await db()).apiKeyRateWindow.findMany({ where: { apiKeyId: key.id } });
    expect(windows.map((row) => row.requests)).toEqual([3]);
  });

  it("skip a key deleted meanwhile rather than fail the others", async () => {
    const month = new Date().toISOString().slice(0, 7);
    const { key } = await makeKey(projectId, { monthlyBudgetUsd: 100 });
    const { key: gone } = await makeKey(projectId, { monthlyBudgetUsd: 100 });
    await (await db()).apiKey.delete({ where: { id: gone.id } });
    const lastAt = new Date();
    await writeSettlements({
      rate: [],
      budget: [
        { keyId: gone.id, month, spent: 5n, release: 0n },
        { keyId: key.id, month, spent: 7n, release: 0n },
      ],
      refused: [
        { keyId: gone.id, month, rateLimited: 0, overBudget: 1, lastAt },
        { keyId: key.id, month, rateLimited: 0, overBudget: 2, lastAt },
      ],
    });
    expect(await period(key.id)).toMatchObject({ spentNanoUsd: 7n, overBudget: 2 });
    expect(await period(gone.id)).toBeNull();
  });
});

describe("when the database does not answer", () => {
  const down = {
    take: async () => {
      throw new Error("connection refused");
    },
    settle: () => undefined,
  };

  it("keys with limits fail closed with a 503 in OpenAI's shape", async () => {
    const closed = await startGateway({ recordUsage: usage.record, limits: down });
    try {
      const { secret } = await makeKey(projectId, { requestsPerMinute: 100 });
      const answer = await fetch(`${closed.origin}/v1/models`, { headers: { authorization: `Bearer ${secret}` } });
      expect(answer.status).toBe(503);
      expect((await answer.json()).error).toMatchObject({ type: "api_error", code: "service_unavailable" });
    } finally {
      await closed.close();
    }
  });

  it("unless the instance owner opted to serve without enforcement", async () => {
    const open = await startGateway({ recordUsage: usage.record, limits: down, failOpen: true });
    try {
      const { secret } = await makeKey(projectId, { requestsPerMinute: 100 });
      const answer = await fetch(`${open.origin}/v1/models`, { headers: { authorization: `Bearer ${secret}` } });
      expect(answer.status).toBe(200);
    } finally {
      await open.close();
    }
  });
});

describe("batches", () => {
  const files: Record<string, string> = {
    "file-ok": `${JSON.stringify({ custom_id: "1", method: "POST", url: "/v1/chat/completions", body: { model: "sandbox-chat", messages: [] } })}\n`,
    "file-bad": [
      JSON.stringify({ custom_id: "1", method: "POST", url: "/v1/chat/completions", body: { model: "sandbox-chat", messages: [] } }),
      JSON.stringify({ custom_id: "2", method: "POST", url: "/v1/chat/completions", body: { model: "gpt-4o", messages: [] } }),
    ].join("\n"),
  };
  let upstream: Awaited<ReturnType<typeof startFakeUpstream>>;
  let batchProject: string;

  beforeAll(async () => {
    upstream = await startFakeUpstream((req, res) => {
      const content = /^\/v1\/files\/([^/]+)\/content$/.exec(req.url ?? "");
      if (req.method === "GET" && content && files[content[1]]) {
        res.writeHead(200, { "content-type": "application/octet-stream" });
        res.end(files[content[1]]);
        return;
      }
      if (req.method === "POST" && req.url === "/v1/batches") {
        let raw = "";
        req.on("data", (chunk) => {
          raw += chunk;
        });
        req.on("end", () => {
          const input = JSON.parse(raw);
          res.writeHead(200, { "content-type": "application/json" });
          res.end(
            JSON.stringify({
              id: "batch_1",
              object: "batch",
              endpoint: input.endpoint,
              input_file_id: input.input_file_id,
              completion_window: "24h",
              status: "validating",
              created_at: Math.floor(Date.now() / 1000),
              request_counts: { total: 0, completed: 0, failed: 0 },
              metadata: null,
            }),
          );
        });
        return;
      }
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: "not here", type: "invalid_request_error", code: null, param: null } }));
    });
    batchProject = (await makeProject("Batches")).id;
    await connectProject(batchProject, upstream.baseURL, "sk-upstream-batches-0123456789");
  });

  afterAll(async () => upstream.close());

  it("checks every line of the input file against the allowed models", async () => {
    const { secret } = await makeKey(batchProject, { allowedModels: ["sandbox-chat"] });
    const client = gateway.client(secret);
    const batch = await client.batches.create({ input_file_id: "file-ok", endpoint: "/v1/chat/completions", completion_window: "24h" });
    const { expectSchema } = await import("./support/openapi");
    expectSchema("Batch", batch);
    const refused = await failure(
      client.batches.create({ input_file_id: "file-bad", endpoint: "/v1/chat/completions", completion_window: "24h" }),
    );
    expect(refused).toMatchObject({
      status: 403,
      code: "model_not_allowed",
      param: "input_file_id",
      message: expect.stringMatching(/Line 2.*gpt-4o/),
    });
  });

  it("checks the batch's endpoint against the key's permissions", async () => {
    const { secret } = await makeKey(batchProject, { permissions: { mode: "groups", groups: ["batches", "files"] } });
    const refused = await failure(
      gateway.client(secret).batches.create({ input_file_id: "file-ok", endpoint: "/v1/chat/completions", completion_window: "24h" }),
    );
    expect(refused).toMatchObject({ status: 403, code: "insufficient_permissions" });
  });
});
