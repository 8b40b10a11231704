import { randomUUID } from "node:crypto";
import { describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { listPrices } from "@/lib/usage/prices";
import { costOf, type PriceRates, priceCandidates, priceFor } from "@/lib/usage/pricing";
import { insertUsageEvents } from "@/lib/usage/store";
import { makeProject } from "./support/fixtures";

const rates = (input: number, cached: number | null, output: number, batchDiscountPercent = 50): PriceRates => ({
  inputMicrosPerMillion: input,
  cachedInputMicrosPerMillion: cached,
  outputMicrosPerMillion: output,
  batchDiscountPercent,
});
const tokens = (inputTokens: number, cachedTokens: number, outputTokens: number) => ({ inputTokens, cachedTokens, outputTokens });

describe("costOf: nano-dollars in integer arithmetic", () => {
  test("one token of text-embedding-3-small ($0.02 per 1M) costs 20 nano-dollars", async () => {
    const price = await priceFor("text-embedding-3-small");
    expect(price).not.toBeNull();
    expect(costOf(tokens(1, 0, 0), price as PriceRates)).toBe(20n);
  });

  test("cached tokens are part of the input and reasoning tokens are not added to the output", async () => {
    // gpt-5: $1.25 input, $0.125 cached, $10 output per 1M tokens.
    const price = (await priceFor("gpt-5")) as PriceRates;
    // 600 uncached × 1250 + 400 cached × 125 + 200 output × 10000 nano-dollars.
    expect(costOf(tokens(1000, 400, 200), price)).toBe(2_800_000n);
  });

  test("batch calls are priced at the price's batch discount", () => {
    expect(costOf(tokens(1000, 0, 1000), rates(2_000_000, 500_000, 8_000_000), { batch: true })).toBe(5_000_000n);
    expect(costOf(tokens(1000, 0, 1000), rates(2_000_000, 500_000, 8_000_000, 25), { batch: true })).toBe(7_500_000n);
    expect(costOf(tokens(1000, 0, 1000), rates(2_000_000, 500_000, 8_000_000), { batch: false })).toBe(10_000_000n);
  });

  test("zero tokens cost zero", () => {
    expect(costOf(tokens(0, 0, 0), rates(2_000_000, 500_000, 8_000_000))).toBe(0n);
  });

  test("without a cached price, cached tokens cost as much as other input tokens", () => {
    expect(costOf(tokens(100, 100, 0), rates(20_000, null, 0))).toBe(costOf(tokens(100, 0, 0), rates(20_000, null, 0)));
  });

  test("more cached than input tokens is read as all input cached", () => {
    expect(costOf(tokens(10, 50, 0), rates(1_000_000, 100_000, 0))).toBe(1_000n);
  });

  test("the total is rounded once, half up, to a whole nano-dollar", () => {
    // 1 micro-dollar per 1M tokens: a token costs a pico-dollar.
    expect(costOf(tokens(499, 0, 0), rates(1, null, 1))).toBe(0n);
    expect(costOf(tokens(300, 0, 200), rates(1, null, 1))).toBe(1n);
    expect(costOf(tokens(1499, 0, 0), rates(1, null, 1))).toBe(1n);
  });

  test("stays exact where floating point would not", () => {
    // 2,000,000,001 tokens at $600 per 1M: 1.2000000006e18 pico-dollars, beyond 2^53.
    expect(costOf(tokens(0, 0, 2_000_000_001), rates(0, null, 600_000_000))).toBe(1_200_000_000_600_000n);
  });
});

describe("which price applies", () => {
  test("a dated snapshot falls back to its family, a fine-tuned model to its base", () => {
    expect(priceCandidates("gpt-4.1")).toEqual(["gpt-4.1"]);
    expect(priceCandidates("gpt-4.1-2025-04-14")).toEqual(["gpt-4.1-2025-04-14", "gpt-4.1"]);
    expect(priceCandidates("ft:gpt-4o-mini-2024-07-18:acme:support:AbC123")).toEqual([
      "ft:gpt-4o-mini-2024-07-18:acme:support:AbC123",
      "gpt-4o-mini-2024-07-18",
      "gpt-4o-mini",
    ]);
    expect(priceCandidates("ft:sandbox-chat-mini:org::x1")).toEqual(["ft:sandbox-chat-mini:org::x1", "sandbox-chat-mini"]);
  });

  test("the default prices cover the sandbox's models and the current OpenAI models", async () => {
    for (const model of ["sandbox-chat", "sandbox-chat-mini", "sandbox-reasoning", "sandbox-embed-small", "gpt-5", "gpt-4o-mini", "o3"]) {
      expect(await priceFor(model), model).not.toBeNull();
    }
    const current = ["gpt-5.4", "gpt-5.4-mini", "gpt-5.4-nano", "gpt-5.2", "gpt-5.1", "gpt-5-mini", "gpt-5-nano", "gpt-4.1-mini"];
    for (const model of [...current, "gpt-4.1-nano", "gpt-4o", "o4-mini", "o3-mini", "text-embedding-3-large", "text-embedding-ada-002"]) {
      expect(await priceFor(model), model).not.toBeNull();
    }
    expect(await priceFor("gpt-4.1")).toMatchObject({
      inputMicrosPerMillion: 2_000_000,
      cachedInputMicrosPerMillion: 500_000,
      outputMicrosPerMillion: 8_000_000,
      batchDiscountPercent: 50,
    });
  });

  test("snapshots and fine-tuned models find their base price; unknown and differently cased models find none", async () => {
    expect((await priceFor("gpt-4.1-2025-04-14"))?.model).toBe("gpt-4.1");
    expect((await priceFor("ft:gpt-4o-mini-2024-07-18:acme::AbC123"))?.model).toBe("gpt-4o-mini");
    expect(await priceFor("GPT-4.1")).toBeNull();
    expect(await priceFor("mystery-model")).toBeNull();
  });

  test("an exact price for a snapshot wins over its family's", async () => {
    const prisma = await db();
    await prisma.modelPrice.create({
      data: {
        model: "gpt-4o-2024-05-13",
        effectiveFrom: new Date("2020-01-01"),
        inputMicrosPerMillion: 5_000_000,
        outputMicrosPerMillion: 15_000_000,
      },
    });
    expect((await priceFor("gpt-4o-2024-05-13"))?.inputMicrosPerMillion).toBe(5_000_000);
    expect((await priceFor("gpt-4o-2024-08-06"))?.inputMicrosPerMillion).toBe(2_500_000);
  });

  test("the price in effect at the time: a newer price applies from its date on", async () => {
    const prisma = await db();
    const base = { inputMicrosPerMillion: 1_000_000, outputMicrosPerMillion: 2_000_000 };
    await prisma.modelPrice.createMany({
      data: [
        { ...base, model: "history-model", effectiveFrom: new Date("2025-01-01T00:00:00Z") },
        { ...base, model: "history-model", effectiveFrom: new Date("2025-06-01T00:00:00Z"), inputMicrosPerMillion: 3_000_000 },
      ],
    });
    expect(await priceFor("history-model", new Date("2024-12-31T23:59:59Z"))).toBeNull();
    expect((await priceFor("history-model", new Date("2025-05-31T23:59:59Z")))?.inputMicrosPerMillion).toBe(1_000_000);
    expect((await priceFor("history-model", new Date("2025-06-01T00:00:00Z")))?.inputMicrosPerMillion).toBe(3_000_000);
    // Whatever the server's time zone: dates are stored as UTC, and a driver reading them as local
    // time would move the change by the zone's offset.
    const zone = process.env.TZ;
    process.env.TZ = "Pacific/Auckland";
    try {
      expect((await priceFor("history-model", new Date("2025-05-31T23:59:59Z")))?.inputMicrosPerMillion).toBe(1_000_000);
      expect((await priceFor("history-model", new Date("2025-06-01T00:00:00Z")))?.inputMicrosPerMillion).toBe(3_000_000);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  test("a project's own price is preferred for that project, once in effect", async () => {
    const [project, other] = [await makeProject(), await makeProject()];
    const prisma = await db();
    await prisma.modelPrice.create({
      data: {
        model: "gpt-5-mini",
        projectId: project.id,
        effectiveFrom: new Date("2025-01-01T00:00:00Z"),
        inputMicrosPerMillion: 200_000,
        outputMicrosPerMillion: 1_000_000,
      },
    });
    expect((await priceFor("gpt-5-mini", new Date("2025-02-01"), project.id))?.inputMicrosPerMillion).toBe(200_000);
    expect((await priceFor("gpt-5-mini", new Date("2024-12-01"), project.id))?.inputMicrosPerMillion).toBe(250_000);
    expect((await priceFor("gpt-5-mini", new Date("2025-02-01"), other.id))?.inputMicrosPerMillion).toBe(250_000);
    expect((await priceFor("gpt-5-mini", new Date("2025-02-01")))?.inputMicrosPerMillion).toBe(250_000);
  });
});

describe("the models seen without a price", () => {
  test("lists each with its unpriced requests, most recently seen first, and not a priced model", async () => {
    const project = await makeProject();
    const event = (model: string, startedAt: string) => ({
      id: `evt_${randomUUID()}`,
      projectId: project.id,
      userId: null,
      apiKeyId: null,
      source: "console" as const,
      method: "POST",
      endpoint: "/responses",
      model,
      status: 200,
      outcome: "completed" as const,
      inputTokens: 10,
      cachedTokens: 0,
      outputTokens: 5,
      reasoningTokens: 0,
      usageReported: true,
      batch: false,
      startedAt,
      latencyMs: 5,
      ttftMs: null,
      upstreamRequestId: null,
    });
    const prefix = `mystery-${randomUUID().slice(0, 8)}`;
    await insertUsageEvents([
      event(`${prefix}-old`, "2099-03-01T23:59:00Z"),
      event(`${prefix}-new`, "2099-03-02T00:00:00Z"),
      event(`${prefix}-new`, "2099-03-02T10:00:00Z"),
      event("gpt-4.1", "2099-03-02T10:00:00Z"),
    ]);
    // Dated ahead of any other test's, so that they lead the list.
    const { unpriced } = await listPrices();
    const ours = unpriced.filter((u) => u.model.startsWith(prefix));
    expect(ours).toEqual([
      { model: `${prefix}-new`, requests: 2, lastSeen: "2099-03-02T00:00:00.000Z" },
      { model: `${prefix}-old`, requests: 1, lastSeen: "2099-03-01T00:00:00.000Z" },
    ]);
    expect(unpriced.map((u) => u.model)).not.toContain("gpt-4.1");
  });
});
