import { describe, expect, test } from "vitest";
import * as prices from "@/app/api/projects/[projectId]/batches/prices/route";
import { checkBatchFile } from "@/lib/batches/check-lines";
import { estimateCost } from "@/lib/batches/estimate";
import { failedInputLines, joinResults } from "@/lib/batches/results";
import { db } from "@/lib/db/client";
import { makeProject, makeUser } from "./support/fixtures";
import { call } from "./support/http";

// The batch workbench's own logic: the browser's check of a file, the cost estimate, the results
// join and the retry file, and the route that gives the batch rate.

const line = (customId: unknown, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    custom_id: customId,
    method: "POST",
    url: "/v1/chat/completions",
    body: { model: "sandbox-chat", messages: [{ role: "user", content: "Hello there" }], ...extra },
  });

describe("the browser's check of a batch file", () => {
  test("bad lines are listed by number with their reason; a duplicate names both lines", async () => {
    const text = [
      line("a"),
      "",
      line("b"),
      "{not json",
      line("a"),
      "[1]",
      JSON.stringify({ custom_id: "c", method: "GET", url: "/v1/x", body: {} }),
    ].join("\n");
    const { report, fileProblems } = await checkBatchFile(new Blob([text]));
    expect(report.requests).toBe(6);
    expect(report.bad.map((bad) => bad.line)).toEqual([4, 5, 6, 7]);
    expect(report.bad[0].message).toMatch(/^not valid JSON/);
    expect(report.bad[1].message).toBe('custom_id "a" is also on line 1: each custom_id must be unique');
    expect(report.bad[2].message).toMatch(/not a JSON object/);
    expect(report.bad[3].message).toMatch(/method must be "POST".*url must be one of.*body.model is missing/);
    expect(fileProblems).toEqual([]);
  });

  test("a file read in slices finds lines split across them, and mixed models are a file problem", async () => {
    const long = "x".repeat(5 * 1024 * 1024);
    const text = [
      line("a", { max_completion_tokens: 100 }),
      line("b", { messages: [{ role: "user", content: long }] }),
      line("c", { model: "sandbox-chat-mini" }),
    ].join("\n");
    let progress = 0;
    const { report, fileProblems } = await checkBatchFile(new Blob([text]), {
      countTokens: (t) => t.length,
      onProgress: (n) => (progress = n),
    });
    expect(progress).toBe(new Blob([text]).size);
    expect(report.bad).toEqual([]);
    expect(report.requests).toBe(3);
    expect(report.inputTokens).toBeGreaterThan(long.length);
    expect(report.outputTokenCap).toBe(100);
    expect(report.linesWithoutCap).toBe(2);
    expect(fileProblems).toEqual(["The requests use 2 models (sandbox-chat, sandbox-chat-mini); a batch uses one."]);
  });

  test("the estimate applies the batch rate to the counted tokens", () => {
    const rate = { inputMicrosPerMillion: 200_000, outputMicrosPerMillion: 800_000, batchDiscountPercent: 50 };
    expect(estimateCost({ inputTokens: 1_000_000, outputTokenCap: 500_000, linesWithoutCap: 0 }, rate)).toEqual({
      inputDollars: 0.2,
      outputCapDollars: 0.4,
      linesWithoutCap: 0,
    });
  });
});

describe("the results viewer's join", () => {
  const input = [line("ok"), line("bad"), line("never")].join("\n");
  const output = JSON.stringify({
    id: "batch_req_1",
    custom_id: "ok",
    response: { status_code: 200, body: { id: "chatcmpl-1" } },
    error: null,
  });
  const errors = JSON.stringify({
    id: "batch_req_2",
    custom_id: "bad",
    response: { status_code: 400, body: { error: { message: "Too many tokens", param: "max_tokens" } } },
    error: null,
  });

  test("every input line gets its answer by custom_id, and a retry holds exactly the failed lines", () => {
    const rows = joinResults(input, output, errors);
    expect(rows.map((row) => [row.customId, row.line, row.status, row.statusCode, row.reason])).toEqual([
      ["ok", 1, "succeeded", 200, null],
      ["bad", 2, "failed", 400, "Too many tokens"],
      ["never", 3, "not run", null, null],
    ]);
    expect(failedInputLines(rows)).toEqual([JSON.parse(line("bad"))]);
  });
});

describe("GET /api/projects/:id/batches/prices", () => {
  test("answers the batch rate of priced models and null for the others", { timeout: 90_000 }, async () => {
    const user = await makeUser();
    const project = await makeProject("Prices", [{ userId: user.id, role: "member" }]);
    const prisma = await db();
    await prisma.modelPrice.create({
      data: {
        model: "sandbox-chat",
        projectId: project.id,
        effectiveFrom: new Date(0),
        inputMicrosPerMillion: 1_000_000,
        outputMicrosPerMillion: 4_000_000,
        batchDiscountPercent: 50,
      },
    });
    const path = `/api/projects/${project.id}/batches/prices`;
    const response = await call(prices.GET, {
      as: user,
      params: { projectId: project.id },
      path: `${path}?models=sandbox-chat,no-such-model`,
    });
    expect(response.status).toBe(200);
    expect(response.body.rates["sandbox-chat"]).toMatchObject({
      inputMicrosPerMillion: 500_000,
      outputMicrosPerMillion: 2_000_000,
      batchDiscountPercent: 50,
    });
    expect(response.body.rates["no-such-model"]).toBeNull();
    const bad = await call(prices.GET, { as: user, params: { projectId: project.id }, path });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/models/);
  });
});
