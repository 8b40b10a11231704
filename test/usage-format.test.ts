import { describe, expect, test } from "vitest";
import { setupFromRequest } from "@/lib/playground/from-request";
import { csvField, formatMsTick, formatUsd, formatUsdTick, toCsv } from "@/lib/usage/format";
import { latencyBucket, latencyQuantile } from "@/lib/usage/latency";
import { redactSecrets } from "@/lib/usage/redact";

describe("usage helpers", () => {
  test("latency buckets and their quantiles", () => {
    expect(latencyBucket(50)).toBe(0);
    expect(latencyBucket(100)).toBe(1);
    expect(latencyBucket(90_000)).toBe(15);
    const histogram = Array(16).fill(0);
    histogram[1] = 50; // 100–200 ms
    histogram[5] = 50; // 750–1000 ms
    expect(latencyQuantile(histogram, 0.5)).toBe(200);
    expect(latencyQuantile(histogram, 0.95)).toBe(975);
    expect(latencyQuantile(Array(16).fill(0), 0.5)).toBeNull();
  });

  test("money shows as dollars, unpriced apart", () => {
    expect(formatUsd("1500000000")).toBe("$1.50");
    expect(formatUsd(20)).toBe("$0.0000");
    expect(formatUsd("12345678", { unpriced: 2 })).toBe("$0.0123 + 2 unpriced");
  });

  test("chart ticks stay short enough for their axis", () => {
    expect([0, 0.000075, 0.000225, 0.5, 125, 1234, 25_000].map(formatUsdTick)).toEqual([
      "$0",
      "$0.000075",
      "$0.000225",
      "$0.5",
      "$125",
      "$1.23K",
      "$25K",
    ]);
    expect([0, 350, 1000, 1050, 12_500].map(formatMsTick)).toEqual(["0 ms", "350 ms", "1 s", "1.05 s", "12.5 s"]);
  });

  test("CSV quotes what needs it and defuses formulas", () => {
    expect(csvField('say "hi", then')).toBe('"say ""hi"", then"');
    expect(csvField("=SUM(A1)")).toBe("'=SUM(A1)");
    expect(toCsv(["a", "b"], [[1, "x"]])).toBe("a,b\r\n1,x");
  });

  test("secrets are redacted from stored bodies", () => {
    const body = JSON.stringify({ input: "use sk-proj-abcdefghijklmnop1234 please", api_key: "hunter2", metadata: { password: "x" } });
    const out = redactSecrets(`${body} Authorization: Bearer abcdefghijklmnopqrst my-own-secret-value`, ["my-own-secret-value"]);
    for (const secret of ["sk-proj-abcdefghijklmnop1234", "hunter2", '"x"', "abcdefghijklmnopqrst", "my-own-secret-value"]) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain("please");
  });

  test("a logged request rebuilds a playground setup", () => {
    const setup = setupFromRequest(
      "/chat/completions",
      JSON.stringify({
        model: "sandbox-chat",
        temperature: 0.3,
        messages: [
          { role: "system", content: "Be brief" },
          { role: "user", content: [{ type: "text", text: "Hi" }] },
        ],
      }),
    );
    expect(setup).toMatchObject({ api: "chat", model: "sandbox-chat", params: { temperature: 0.3 } });
    expect(setup?.messages.map((m) => [m.role, m.content])).toEqual([
      ["system", "Be brief"],
      ["user", "Hi"],
    ]);
    expect(setupFromRequest("/responses", JSON.stringify({ model: "m", input: "Hello" }))?.messages[0].content).toBe("Hello");
    expect(setupFromRequest("/files", "{}")).toBeNull();
  });
});
