import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as apiKeyRoll from "@/app/api/projects/[projectId]/api-keys/[keyId]/roll/route";
import * as apiKey from "@/app/api/projects/[projectId]/api-keys/[keyId]/route";
import * as apiKeys from "@/app/api/projects/[projectId]/api-keys/route";
import * as serviceAccounts from "@/app/api/projects/[projectId]/service-accounts/route";
import { db } from "@/lib/db/client";
import { hashKeySecret } from "@/lib/gateway/key-secret";
import { connectProjectToSandbox } from "@/lib/upstream/connections";
import { insertUsageEvents } from "@/lib/usage/store";
import { deactivateUser } from "@/lib/users/access";
import { makeProject, makeUser } from "./support/fixtures";
import { makeKey, startGateway } from "./support/gateway";
import { call } from "./support/http";
import { failure } from "./support/sandbox-server";

// The console's key routes: who sees and manages which keys, the secret shown once and stored
// only as a hash, every change audited; and keys that never reach another project's objects.

let projectId: string;
let admin: { id: string };
let member: { id: string };
let gateway: Awaited<ReturnType<typeof startGateway>>;

beforeAll(async () => {
  admin = await makeUser();
  member = await makeUser();
  projectId = (
    await makeProject("Keys", [
      { userId: admin.id, role: "admin" },
      { userId: member.id, role: "member" },
    ])
  ).id;
  await connectProjectToSandbox(projectId, await db());
  gateway = await startGateway({ recordUsage: () => undefined });
});

afterAll(async () => gateway.close());

describe("the API keys routes", () => {
  it("creates a key whose secret is in the answer once and stored only as a hash", async () => {
    const created = await call(apiKeys.POST, {
      as: admin,
      params: { projectId },
      body: {
        name: "Billing app",
        owner: { type: "user", userId: member.id },
        permissions: { mode: "read" },
        monthlyBudgetUsd: 12.5,
        requestsPerMinute: 60,
      },
    });
    expect(created.status).toBe(201);
    const secret: string = created.body.secret;
    expect(secret).toMatch(/^sk-sb-[0-9A-Za-z]{43}$/);
    expect(created.body.key).toMatchObject({ name: "Billing app", lastFour: secret.slice(-4), monthlyBudgetUsd: 12.5, status: "active" });
    const row = await (await db()).apiKey.findUniqueOrThrow({ where: { id: created.body.key.id } });
    expect(row.keyHash).toBe(hashKeySecret(secret));
    expect(JSON.stringify(row, (_k, v) => (typeof v === "bigint" ? String(v) : v))).not.toContain(secret.slice(6));

    const list = await call(apiKeys.GET, { as: admin, params: { projectId } });
    expect(JSON.stringify(list.body)).not.toContain(secret.slice(6));
    expect(JSON.stringify(list.body)).not.toContain(row.keyHash);
    const audit = await (await db()).auditLog.findMany({ where: { projectId, action: "project.api_key.create" } });
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit.map((a) => [a.before, a.after]))).not.toContain(secret.slice(6));
  });

  it("members see their own keys only; admins see all", async () => {
    await call(apiKeys.POST, { as: admin, params: { projectId }, body: { name: "Admin's", owner: { type: "user" } } });
    const mine = await call(apiKeys.GET, { as: member, params: { projectId } });
    expect(mine.body.keys.map((k: { name: string }) => k.name)).toEqual(["Billing app"]);
    const all = await call(apiKeys.GET, { as: admin, params: { projectId } });
    expect(all.body.keys.map((k: { name: string }) => k.name).sort()).toEqual(["Admin's", "Billing app"]);
  });

  it("names the field of a bad input", async () => {
    const bad = await call(apiKeys.POST, { as: admin, params: { projectId }, body: { name: "", owner: { type: "user" } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe("name");
    const past = await call(apiKeys.POST, {
      as: admin,
      params: { projectId },
      body: { name: "x", owner: { type: "user" }, expiresAt: "2020-01-01T00:00:00Z" },
    });
    expect(past.body.error.field).toBe("expiresAt");
    const outsider = await makeUser();
    const notMember = await call(apiKeys.POST, {
      as: admin,
      params: { projectId },
      body: { name: "x", owner: { type: "user", userId: outsider.id } },
    });
    expect(notMember.body.error.field).toBe("owner");
    // What a typo in the form sends (the form passes text that is not a number through as text).
    const words = await call(apiKeys.POST, {
      as: admin,
      params: { projectId },
      body: { name: "x", owner: { type: "user" }, monthlyBudgetUsd: "abc" },
    });
    expect(words.status).toBe(400);
    expect(words.body.error).toMatchObject({
      field: "monthlyBudgetUsd",
      message: expect.stringContaining("Budget must be an amount in dollars, like 25 or 12.50"),
    });
    const huge = await call(apiKeys.POST, {
      as: admin,
      params: { projectId },
      body: { name: "x", owner: { type: "user" }, requestsPerMinute: 5e9 },
    });
    expect(huge.body.error).toMatchObject({
      field: "requestsPerMinute",
      message: expect.stringContaining("Requests per minute must be at most 1,000,000,000"),
    });
  });

  it("service accounts own keys; rolling and revoking are audited and take effect at once", async () => {
    const account = await call(serviceAccounts.POST, { as: admin, params: { projectId }, body: { name: "ci-bot" } });
    expect(account.status).toBe(201);
    const created = await call(apiKeys.POST, {
      as: admin,
      params: { projectId },
      body: { name: "CI", owner: { type: "service_account", serviceAccountId: account.body.id } },
    });
    expect(created.body.key.owner).toMatchObject({ type: "service_account", name: "ci-bot" });
    const keyId = created.body.key.id;
    await gateway.client(created.body.secret).models.list();
    const rolled = await call(apiKeyRoll.POST, { as: admin, params: { projectId, keyId }, body: { graceHours: 0 } });
    expect(rolled.status).toBe(200);
    expect(await failure(gateway.client(created.body.secret).models.list())).toMatchObject({ status: 401 });
    await gateway.client(rolled.body.secret).models.list();
    const revoked = await call(apiKey.DELETE, { as: admin, params: { projectId, keyId } });
    expect(revoked.status).toBe(204);
    expect(await failure(gateway.client(rolled.body.secret).models.list())).toMatchObject({ status: 401, code: "invalid_api_key" });
    const actions = (await (await db()).auditLog.findMany({ where: { projectId, targetId: keyId }, orderBy: { id: "asc" } })).map(
      (a) => a.action,
    );
    expect(actions).toEqual(["project.api_key.create", "project.api_key.roll", "project.api_key.revoke"]);
    const list = await call(apiKeys.GET, { as: admin, params: { projectId } });
    expect(list.body.keys.find((k: { id: string }) => k.id === keyId).status).toBe("revoked");
  });

  it("an admin edits what a key may do; the next call obeys, the change is audited, a revoked key cannot be edited", async () => {
    const created = await call(apiKeys.POST, { as: admin, params: { projectId }, body: { name: "Search", owner: { type: "user" } } });
    const keyId = created.body.key.id;
    const client = gateway.client(created.body.secret);
    await client.embeddings.create({ model: "sandbox-embed-small", input: "hello" });

    const settings = {
      name: "Search (read-only)",
      permissions: { mode: "read" },
      allowedModels: ["sandbox-chat"],
      expiresAt: null,
      requestsPerMinute: 30,
      tokensPerMinute: null,
      monthlyBudgetUsd: 12.5,
      budgetAction: "alert",
    };
    const byMember = await call(apiKey.PATCH, { as: member, params: { projectId, keyId }, body: settings });
    expect(byMember.status).toBe(403);
    const edited = await call(apiKey.PATCH, { as: admin, params: { projectId, keyId }, body: settings });
    expect(edited.status).toBe(200);
    expect(edited.body.key).toMatchObject({
      name: "Search (read-only)",
      permissions: { mode: "read" },
      allowedModels: ["sandbox-chat"],
      requestsPerMinute: 30,
      monthlyBudgetUsd: 12.5,
      budgetAction: "alert",
      lastFour: created.body.key.lastFour,
      month: { requests: expect.any(Number) },
    });
    // The same secret, now read-only: the next POST is refused, a GET still answers.
    expect(await failure(client.embeddings.create({ model: "sandbox-embed-small", input: "hello" }))).toMatchObject({ status: 403 });
    expect((await client.models.list()).data.map((m) => m.id)).toEqual(["sandbox-chat"]);

    const bad = await call(apiKey.PATCH, { as: admin, params: { projectId, keyId }, body: { ...settings, name: " " } });
    expect(bad.body.error).toMatchObject({ field: "name" });
    const audit = await (await db()).auditLog.findFirst({ where: { targetId: keyId, action: "project.api_key.update" } });
    expect(audit?.before).toMatchObject({ name: "Search", permissions: { mode: "all" } });
    expect(audit?.after).toMatchObject({ name: "Search (read-only)", permissions: { mode: "read" }, requestsPerMinute: 30 });

    await call(apiKey.DELETE, { as: admin, params: { projectId, keyId } });
    const afterRevoke = await call(apiKey.PATCH, { as: admin, params: { projectId, keyId }, body: settings });
    expect(afterRevoke.status).toBe(409);
    const elsewhere = await call(apiKey.PATCH, { as: admin, params: { projectId: "no-such-project", keyId }, body: settings });
    expect(elsewhere.status).toBe(404);
  });

  it("the list shows each key's requests, spend and refused calls this month (UTC), not last month's or another key's", async () => {
    const prisma = await db();
    await prisma.modelPrice.create({
      data: { model: "list-priced-model", effectiveFrom: new Date(0), inputMicrosPerMillion: 1_000_000, outputMicrosPerMillion: 2_000_000 },
    });
    const [mine, other] = [
      (await call(apiKeys.POST, { as: admin, params: { projectId }, body: { name: "Month A", owner: { type: "user" } } })).body.key.id,
      (await call(apiKeys.POST, { as: admin, params: { projectId }, body: { name: "Month B", owner: { type: "user" } } })).body.key.id,
    ];
    const now = new Date();
    const monthStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
    const event = (apiKeyId: string, startedAt: number, inputTokens: number) => ({
      id: `evt_${randomUUID()}`,
      projectId,
      userId: null,
      apiKeyId,
      source: "gateway" as const,
      method: "POST",
      endpoint: "/chat/completions",
      model: "list-priced-model",
      status: 200,
      outcome: "completed" as const,
      inputTokens,
      cachedTokens: 0,
      outputTokens: 0,
      reasoningTokens: 0,
      usageReported: true,
      batch: false,
      startedAt: new Date(startedAt).toISOString(),
      latencyMs: 5,
      ttftMs: null,
      upstreamRequestId: null,
    });
    await insertUsageEvents([
      // $0.001 and $0.002 this month, the first at its very start.
      event(mine, monthStart, 1000),
      event(mine, now.getTime() - 1000, 2000),
      // The last millisecond of last month, and another key.
      event(mine, monthStart - 1, 500_000),
      event(other, now.getTime() - 1000, 7000),
    ]);
    // Calls the key's own limits refused: this month's, not last month's.
    const thisMonth = now.toISOString().slice(0, 7);
    const lastMonth = new Date(monthStart - 1).toISOString().slice(0, 7);
    await prisma.apiKeyBudgetPeriod.createMany({
      data: [
        { apiKeyId: mine, month: thisMonth, rateLimited: 4, overBudget: 1, lastRefusedAt: new Date(now.getTime() - 5000) },
        { apiKeyId: mine, month: lastMonth, rateLimited: 90, overBudget: 9, lastRefusedAt: new Date(monthStart - 1) },
      ],
    });
    const list = (await call(apiKeys.GET, { as: admin, params: { projectId } })).body.keys as { id: string; month: unknown }[];
    expect(list.find((key) => key.id === mine)?.month).toEqual({
      requests: 2,
      spentUsd: 0.003,
      refused: { rateLimited: 4, overBudget: 1, lastAt: new Date(now.getTime() - 5000).toISOString() },
    });
    expect(list.find((key) => key.id === other)?.month).toEqual({
      requests: 1,
      spentUsd: 0.007,
      refused: { rateLimited: 0, overBudget: 0, lastAt: null },
    });
  });

  it("the list shows the rolled secret's grace while it works, and not once the key is revoked", async () => {
    const { key, secret } = await makeKey(projectId, { name: "rolled with grace" });
    const rolled = await call(apiKeyRoll.POST, { as: admin, params: { projectId, keyId: key.id }, body: { graceHours: 1 } });
    await gateway.client(secret).models.list();
    const listed = async () =>
      (await call(apiKeys.GET, { as: admin, params: { projectId } })).body.keys.find((k: { id: string }) => k.id === key.id);
    expect(await listed()).toMatchObject({ lastFour: rolled.body.secret.slice(-4), previousLastFour: secret.slice(-4) });
    expect(Date.parse((await listed()).previousExpiresAt) - Date.now()).toBeGreaterThan(55 * 60_000);
    await call(apiKey.DELETE, { as: admin, params: { projectId, keyId: key.id } });
    expect(await failure(gateway.client(secret).models.list())).toMatchObject({ status: 401 });
    expect(await listed()).toMatchObject({ status: "revoked", previousLastFour: null, previousExpiresAt: null });
  });

  it("a person's key stops working when they leave the project", async () => {
    const leaver = await makeUser();
    await (await db()).projectMember.create({ data: { projectId, userId: leaver.id, role: "member" } });
    const { secret } = await makeKey(projectId, { owner: { type: "user", userId: leaver.id } });
    await gateway.client(secret).models.list();
    await (await db()).projectMember.delete({ where: { projectId_userId: { projectId, userId: leaver.id } } });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await failure(gateway.client(secret).models.list())).toMatchObject({ status: 401, message: expect.stringMatching(/owner/) });
  });

  it("a person's key stops working when they are deactivated, and works again when they are reactivated", async () => {
    const person = await makeUser();
    await (await db()).projectMember.create({ data: { projectId, userId: person.id, role: "member" } });
    const { secret } = await makeKey(projectId, { owner: { type: "user", userId: person.id } });
    await gateway.client(secret).models.list();
    const actor = { id: admin.id, email: "admin@example.test", name: "Admin", instanceRole: "owner" as const };
    await deactivateUser(actor, person.id, { ip: null, userAgent: null });
    // The key cache lives a second at most; then the next call sees the deactivation.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await failure(gateway.client(secret).models.list())).toMatchObject({ status: 401, message: expect.stringMatching(/owner/) });
    await (await db()).user.update({ where: { id: person.id }, data: { status: "active" } });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await gateway.client(secret).models.list()).data.length).toBeGreaterThan(0);
  });
});

// Each project's sandbox connection has its own key; the sandbox scopes objects by key.
describe("a key of one project never reaches another project's objects", () => {
  it("files and responses of project B are 404 to project A's key", async () => {
    const a = (await makeProject("A")).id;
    const b = (await makeProject("B")).id;
    await connectProjectToSandbox(a, await db());
    await connectProjectToSandbox(b, await db());
    const keyA = gateway.client((await makeKey(a)).secret);
    const keyB = gateway.client((await makeKey(b)).secret);
    const { toFile } = await import("openai");
    const file = await keyB.files.create({ file: await toFile(Buffer.from("B's data\n"), "b.txt"), purpose: "assistants" });
    const response = await keyB.responses.create({ model: "sandbox-chat", input: "B's question" });
    expect((await failure(keyA.files.retrieve(file.id))).status).toBe(404);
    expect((await failure(keyA.files.content(file.id))).status).toBe(404);
    expect((await failure(keyA.responses.retrieve(response.id))).status).toBe(404);
    expect(
      (await failure(keyA.responses.create({ model: "sandbox-chat", input: "go on", previous_response_id: response.id }))).status,
    ).toBe(404);
    expect((await keyA.files.list()).data.map((f) => f.id)).not.toContain(file.id);
  });
});
