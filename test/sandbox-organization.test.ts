import OpenAI from "openai";
import { beforeAll, describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { issueSandboxKey, issueSandboxKeyFor } from "@/lib/sandbox/auth";
import { expectSchema, skipWithoutSpec } from "./support/openapi";
import { failure, sandboxForThisFile } from "./support/sandbox-server";

// The sandbox's Admin API (/organization/…), through the official client's admin resources, each
// answer checked against OpenAI's OpenAPI description.

const sandbox = sandboxForThisFile();
let admin: OpenAI["admin"]["organization"];
let projectKey: string;

beforeAll(async () => {
  const issued = await issueSandboxKeyFor({ label: "admin", project: "sb-project-1", admin: true });
  admin = new OpenAI({ baseURL: sandbox.baseURL, apiKey: null, adminAPIKey: issued.value, maxRetries: 0 }).admin.organization;
  projectKey = await issueSandboxKey("project sb-project-1", "sb-project-1");
});

const clientWith = (apiKey: string) => new OpenAI({ baseURL: sandbox.baseURL, apiKey, maxRetries: 0 });

describe.skipIf(skipWithoutSpec)("sandbox Admin API", () => {
  test("a project key is refused, and an admin key works nowhere else", async () => {
    const asProject = new OpenAI({ baseURL: sandbox.baseURL, apiKey: null, adminAPIKey: projectKey, maxRetries: 0 });
    const refused = await failure(asProject.admin.organization.projects.list());
    expect(refused.status).toBe(401);
    expect(refused.message).toMatch(/Missing scopes: api\.management\.read/);
    const adminKey = await issueSandboxKeyFor({ label: "admin 2", project: "x", admin: true });
    const misuse = await failure(clientWith(adminKey.value).models.list());
    expect(misuse.status).toBe(401);
  });

  test("projects: Switchboard's own projects are listed; create, rename, archive", async () => {
    const listed = await admin.projects.list();
    expectSchema("ProjectListResponse", { object: "list", data: listed.data, has_more: listed.has_more });
    expect(listed.data.map((p) => p.id)).toContain("sb-project-1");

    const created = await admin.projects.create({ name: "Research" });
    expectSchema("Project", created);
    expect(created).toMatchObject({ object: "organization.project", name: "Research", status: "active", archived_at: null });
    const renamed = await admin.projects.update(created.id, { name: "Research 2" });
    expect(renamed.name).toBe("Research 2");
    const archived = await admin.projects.archive(created.id);
    expectSchema("Project", archived);
    expect(archived.status).toBe("archived");
    expect((await admin.projects.list()).data.map((p) => p.id)).not.toContain(created.id);
    expect((await admin.projects.list({ include_archived: true })).data.map((p) => p.id)).toContain(created.id);
    expect((await failure(admin.projects.update(created.id, { name: "again" }))).status).toBe(400);
    expect((await failure(admin.projects.retrieve("proj_missing"))).status).toBe(404);
    expect((await failure(admin.projects.create({ name: "" }))).status).toBe(400);
  });

  test("service accounts: the key is answered once, works on /v1, and goes with its account", async () => {
    const project = await admin.projects.create({ name: "Service" });
    const created = await admin.projects.serviceAccounts.create(project.id, { name: "ci-bot" });
    expectSchema("ProjectServiceAccountCreateResponse", created);
    const value = created.api_key?.value ?? "";
    expect(value).toMatch(/^sk-sandbox-/);
    expect((await clientWith(value).models.list()).data.length).toBeGreaterThan(0);

    const listed = await admin.projects.serviceAccounts.list(project.id);
    expectSchema("ProjectServiceAccountListResponse", { object: "list", data: listed.data, has_more: listed.has_more });
    expect(JSON.stringify(listed.data)).not.toContain(value);
    expectSchema("ProjectServiceAccount", await admin.projects.serviceAccounts.retrieve(created.id, { project_id: project.id }));

    const keys = await admin.projects.apiKeys.list(project.id);
    expectSchema("ProjectApiKeyListResponse", { object: "list", data: keys.data, has_more: keys.has_more });
    expect(keys.data).toHaveLength(1);
    expect(keys.data[0].owner).toMatchObject({ type: "service_account", service_account: { id: created.id, name: "ci-bot" } });
    expect(keys.data[0].redacted_value).not.toBe(value);
    expect(keys.data[0].last_used_at).toEqual(expect.any(Number));

    const deleted = await admin.projects.serviceAccounts.delete(created.id, { project_id: project.id });
    expectSchema("ProjectServiceAccountDeleteResponse", deleted);
    expect((await failure(clientWith(value).models.list())).status).toBe(401);
  });

  test("API keys: a Switchboard project's key is listed as its project's, with its last use; deleting it revokes it", async () => {
    const key = await issueSandboxKey("project sb-project-2", "sb-project-2");
    await clientWith(key).models.list();
    const keys = await admin.projects.apiKeys.list("sb-project-2");
    expect(keys.data).toHaveLength(1);
    const listed = keys.data[0];
    expectSchema("ProjectApiKey", listed);
    expect(listed.owner.type).toBe("user");
    expect(listed.redacted_value.endsWith(key.slice(-4))).toBe(true);
    expect(listed.last_used_at).toEqual(expect.any(Number));
    expectSchema("ProjectApiKey", await admin.projects.apiKeys.retrieve(listed.id, { project_id: "sb-project-2" }));
    // Another project's key id is not found under this one.
    expect((await failure(admin.projects.apiKeys.delete(listed.id, { project_id: "sb-project-1" }))).status).toBe(404);
    const deleted = await admin.projects.apiKeys.delete(listed.id, { project_id: "sb-project-2" });
    expectSchema("ProjectApiKeyDeleteResponse", deleted);
    expect((await failure(clientWith(key).models.list())).status).toBe(401);
    // Admin keys are never among a project's keys.
    const prisma = await db();
    expect(await prisma.sandboxApiKey.count({ where: { admin: true } })).toBeGreaterThan(0);
    expect((await admin.projects.apiKeys.list("sb-project-1")).data.every((k) => k.name !== "Secret key" || k.owner.type)).toBe(true);
  });

  test("members: added by email with a role, role changed, removed", async () => {
    const project = await admin.projects.create({ name: "People" });
    const added = await admin.projects.users.create(project.id, { email: "ada@example.com", role: "member" });
    expectSchema("ProjectUser", added);
    expect(added).toMatchObject({ email: "ada@example.com", role: "member" });
    expect((await failure(admin.projects.users.create(project.id, { email: "ada@example.com", role: "member" }))).status).toBe(400);
    expect((await failure(admin.projects.users.create(project.id, { email: "bob@example.com", role: "boss" }))).status).toBe(400);
    const changed = await admin.projects.users.update(added.id, { project_id: project.id, role: "owner" });
    expect(changed.role).toBe("owner");
    const listed = await admin.projects.users.list(project.id);
    expectSchema("ProjectUserListResponse", { object: "list", data: listed.data, has_more: listed.has_more });
    expectSchema("ProjectUserDeleteResponse", await admin.projects.users.delete(added.id, { project_id: project.id }));
    expect((await admin.projects.users.list(project.id)).data).toHaveLength(0);
    const users = await admin.users.list();
    expectSchema("UserListResponse", { object: "list", data: users.data, has_more: users.has_more });
  });

  test("rate limits per model: listed, lowered, never raised above the organization's", async () => {
    const project = await admin.projects.create({ name: "Limits" });
    const limits = await admin.projects.rateLimits.listRateLimits(project.id);
    expectSchema("ProjectRateLimitListResponse", { object: "list", data: limits.data, has_more: limits.has_more });
    const chat = limits.data.find((l) => l.model === "sandbox-chat");
    expect(chat?.id).toBe("rl-sandbox-chat");
    const updated = await admin.projects.rateLimits.updateRateLimit("rl-sandbox-chat", {
      project_id: project.id,
      max_requests_per_1_minute: 60,
    });
    expectSchema("ProjectRateLimit", updated);
    expect(updated.max_requests_per_1_minute).toBe(60);
    expect(updated.max_tokens_per_1_minute).toBe(chat?.max_tokens_per_1_minute);
    const again = (await admin.projects.rateLimits.listRateLimits(project.id)).data.find((l) => l.model === "sandbox-chat");
    expect(again?.max_requests_per_1_minute).toBe(60);
    const tooHigh = await failure(
      admin.projects.rateLimits.updateRateLimit("rl-sandbox-chat", { project_id: project.id, max_requests_per_1_minute: 10_000_000 }),
    );
    expect(tooHigh).toMatchObject({ status: 400, param: "max_requests_per_1_minute" });
    expect((await failure(admin.projects.rateLimits.updateRateLimit("rl-nope", { project_id: project.id }))).status).toBe(404);
  });

  test("spend limit and spend alerts", async () => {
    const project = await admin.projects.create({ name: "Money" });
    expect((await failure(admin.projects.spendLimit.retrieve(project.id))).status).toBe(404);
    const limit = await admin.projects.spendLimit.update(project.id, { threshold_amount: 5000, currency: "USD", interval: "month" });
    expectSchema("ProjectSpendLimitResource", limit);
    expect((await admin.projects.spendLimit.retrieve(project.id)).threshold_amount).toBe(5000);
    expectSchema("ProjectSpendLimitDeletedResource", await admin.projects.spendLimit.delete(project.id));

    const alert = await admin.projects.spendAlerts.create(project.id, {
      threshold_amount: 2500,
      currency: "USD",
      interval: "month",
      notification_channel: { type: "email", recipients: ["finance@example.com"] },
    });
    expectSchema("ProjectSpendAlert", alert);
    const alerts = await admin.projects.spendAlerts.list(project.id);
    expectSchema("ProjectSpendAlertListResource", {
      object: "list",
      data: alerts.data,
      first_id: alerts.data[0]?.id ?? null,
      last_id: alerts.data.at(-1)?.id ?? null,
      has_more: alerts.has_more,
    });
    expectSchema("ProjectSpendAlertDeletedResource", await admin.projects.spendAlerts.delete(alert.id, { project_id: project.id }));
    const bad = await failure(
      admin.projects.spendAlerts.create(project.id, {
        threshold_amount: 1,
        currency: "USD",
        interval: "month",
        notification_channel: { type: "email", recipients: ["not an email"] },
      }),
    );
    expect(bad.status).toBe(400);
  });
});
