import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { sandboxHandler } from "@/lib/sandbox/handler";
import { connectProjectToSandbox } from "@/lib/upstream/connections";
import { createConsoleProxy } from "@/lib/upstream/console-proxy";
import { listRequestLog, purgeRequestLogBodies, requestLogEntry } from "@/lib/usage/logs";
import { reconcile } from "@/lib/usage/reconcile";
import { flushUsageEvents, stopUsageRecorder } from "@/lib/usage/record";
import { makeProject, makeUser } from "./support/fixtures";
import { proxyRequest } from "./support/proxy";

// Calls through the console proxy to the built-in sandbox: the request log keeps what the
// project's setting says (bodies redacted), the purge removes old bodies, and the sandbox's own
// bill (/organization/usage, /organization/costs) agrees with ours until someone calls it directly.

const proxy = createConsoleProxy();
let owner: { id: string };
let projectId: string;
let sandboxKey: string;

beforeAll(async () => {
  owner = await makeUser("owner");
  projectId = (await makeProject("Logs", [{ userId: owner.id, role: "admin" }])).id;
  const prisma = await db();
  await connectProjectToSandbox(projectId, prisma);
  const row = await prisma.upstreamConnection.findUniqueOrThrow({ where: { projectId } });
  sandboxKey = decryptSecret(row.apiKeySealed ?? "");
});
afterAll(() => stopUsageRecorder());

const today = () => new Date().toISOString().slice(0, 10);

describe("request log", () => {
  test("metadata mode lists calls without bodies; full mode keeps them, with keys redacted", async () => {
    const prisma = await db();
    let response = await proxyRequest(proxy, projectId, "/responses", { as: owner, body: { model: "sandbox-chat", input: "first call" } });
    expect(response.status).toBe(200);
    await response.text();
    await prisma.projectUsageSettings.create({ data: { projectId, requestLog: "full", bodyRetentionDays: 3 } });
    // The mode is cached for a few seconds per project; a fresh id is read at once.
    await new Promise((resolve) => setTimeout(resolve, 5100));
    // Shaped like a real key (made here, so no key-shaped string sits in the source).
    const secret = `sk-proj-${"abcdefghij".repeat(4)}`;
    response = await proxyRequest(proxy, projectId, "/chat/completions", {
      as: owner,
      body: { model: "sandbox-chat-mini", stream: true, messages: [{ role: "user", content: `my key is ${secret}, keep it` }] },
    });
    expect(response.status).toBe(200);
    await response.text();
    await flushUsageEvents();

    const log = await listRequestLog(projectId, { limit: 50 });
    expect(log.entries.map((e) => e.endpoint)).toEqual(["/chat/completions", "/responses"]);
    expect(log.entries[0].who).toBeTruthy();
    const withBodies = await requestLogEntry(projectId, log.entries[0].id);
    expect(withBodies.bodies?.requestBody).toContain("keep it");
    expect(withBodies.bodies?.requestBody).not.toContain(secret);
    expect(withBodies.bodies?.requestBody).toContain("[redacted]");
    expect(withBodies.bodies?.responseBody).toContain("data:");
    expect((await requestLogEntry(projectId, log.entries[1].id)).bodies).toBeNull();

    // Older than the retention: purged; younger: kept.
    await prisma.requestLogBody.update({
      where: { eventId: log.entries[0].id },
      data: { startedAt: new Date(Date.now() - 4 * 86_400_000) },
    });
    expect(await purgeRequestLogBodies()).toBe(1);
    expect((await requestLogEntry(projectId, log.entries[0].id)).bodies).toBeNull();

    await prisma.projectUsageSettings.update({ where: { projectId }, data: { requestLog: "off" } });
    expect((await listRequestLog(projectId, { limit: 50 })).entries).toEqual([]);
  });
});

describe("reconciliation with the sandbox's bill", () => {
  test("agrees for traffic through Switchboard, and shows calls made to the sandbox directly", async () => {
    await flushUsageEvents();
    const day = today();
    // Served calls are recorded after their answers end, so the sandbox's side is polled for.
    const settled = async () => {
      const rows = (await reconcile(projectId, day, day)).rows;
      return rows.length > 0 && rows.every((row) => row.difference === "none") ? rows : JSON.stringify(rows);
    };
    await expect.poll(settled, { timeout: 10_000 }).toEqual(expect.any(Array));

    const direct = await sandboxHandler(
      new Request("http://sandbox.internal/v1/responses", {
        method: "POST",
        headers: { authorization: `Bearer ${sandboxKey}`, "content-type": "application/json" },
        body: JSON.stringify({ model: "sandbox-chat", input: "around Switchboard" }),
      }),
    );
    expect(direct.status).toBe(200);
    await direct.json();
    const chat = async () => (await reconcile(projectId, day, day)).rows.find((row) => row.model === "sandbox-chat");
    await expect.poll(async () => (await chat())?.difference, { timeout: 10_000 }).toBe("tokens");
    const found = await chat();
    expect(found?.theirs.requests).toBe((found?.ours.requests ?? 0) + 1);
  });

  test("the sandbox's organization endpoints answer in OpenAI's shape", async () => {
    const start = Math.floor(Date.now() / 1000) - 86_400;
    const get = (path: string) =>
      sandboxHandler(new Request(`http://sandbox.internal/v1${path}`, { headers: { authorization: `Bearer ${sandboxKey}` } }));
    const usage = await get(`/organization/usage/completions?start_time=${start}&group_by=model&bucket_width=1h&limit=48`);
    const body = await usage.json();
    expect(usage.status).toBe(200);
    expect(body).toMatchObject({ object: "page", has_more: false, next_page: null });
    const results = body.data.flatMap((b: { results: unknown[] }) => b.results);
    expect(results[0]).toMatchObject({ object: "organization.usage.completions.result", model: expect.stringMatching(/^sandbox-/) });
    const costs = await (await get(`/organization/costs?start_time=${start}&group_by=line_item`)).json();
    const lines = costs.data.flatMap((b: { results: { line_item: string }[] }) => b.results.map((r) => r.line_item));
    expect(lines).toContain("sandbox-chat, input");
    const bad = await get("/organization/costs?start_time=soon");
    expect(bad.status).toBe(400);
  });
});
