import { beforeAll, describe, expect, test } from "vitest";
import * as keyRoute from "@/app/api/admin/openai/[connectionId]/projects/[openaiProjectId]/api-keys/[keyId]/route";
import * as keysRoute from "@/app/api/admin/openai/[connectionId]/projects/[openaiProjectId]/api-keys/route";
import * as linkRoute from "@/app/api/admin/openai/[connectionId]/projects/[openaiProjectId]/link/route";
import * as rateLimitRoute from "@/app/api/admin/openai/[connectionId]/projects/[openaiProjectId]/rate-limits/[rateLimitId]/route";
import * as rateLimitsRoute from "@/app/api/admin/openai/[connectionId]/projects/[openaiProjectId]/rate-limits/route";
import * as projectRoute from "@/app/api/admin/openai/[connectionId]/projects/[openaiProjectId]/route";
import * as accountsRoute from "@/app/api/admin/openai/[connectionId]/projects/[openaiProjectId]/service-accounts/route";
import * as spendLimitRoute from "@/app/api/admin/openai/[connectionId]/projects/[openaiProjectId]/spend-limit/route";
import * as usersRoute from "@/app/api/admin/openai/[connectionId]/projects/[openaiProjectId]/users/route";
import * as projectsRoute from "@/app/api/admin/openai/[connectionId]/projects/route";
import * as sandboxAdminKey from "@/app/api/admin/openai/connections/[connectionId]/sandbox-admin-key/route";
import * as connectionsRoute from "@/app/api/admin/openai/connections/route";
import { db } from "@/lib/db/client";
import { redactedMatches } from "@/lib/openai-org/service";
import { hashSandboxKey } from "@/lib/sandbox/auth";
import { connectProjectToSandbox } from "@/lib/upstream/connections";
import { loadTarget } from "@/lib/upstream/target";
import { makeProject, makeUser } from "./support/fixtures";
import { call } from "./support/http";

// Admin → OpenAI organization's routes against the sandbox's Admin API, in-process.

let owner: { id: string };
let via: string;
let viaName: string;

beforeAll(async () => {
  owner = await makeUser("owner");
  const project = await makeProject("Org via");
  via = project.id;
  viaName = project.name;
  await connectProjectToSandbox(via, await db());
});

const as = () => owner;

describe("Admin → OpenAI organization routes", () => {
  test("without an admin key the routes say how to get one; a sandbox admin key is issued once, sealed", async () => {
    const refused = await call(projectsRoute.GET, { as: as(), params: { connectionId: via } });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/no admin key/);

    const before = await call(connectionsRoute.GET, { as: as() });
    expect(before.body.connections.find((c: { projectId: string }) => c.projectId === via)).toMatchObject({
      adminKey: null,
      canIssueSandboxAdminKey: true,
    });
    expect((await call(sandboxAdminKey.POST, { as: as(), params: { connectionId: via } })).status).toBe(204);
    expect((await call(sandboxAdminKey.POST, { as: as(), params: { connectionId: via } })).status).toBe(409);
    const after = await call(connectionsRoute.GET, { as: as() });
    const summary = after.body.connections.find((c: { projectId: string }) => c.projectId === via);
    expect(summary.adminKey).toMatch(/…/);
    expect(JSON.stringify(after.body)).not.toMatch(/sk-sandbox-admin-[A-Za-z0-9]{20,}/);
  });

  test("projects, a service account whose key is answered once, a refused and an allowed key deletion, a rate limit", async () => {
    const created = await call(projectsRoute.POST, { as: as(), params: { connectionId: via }, body: { name: "Org journey" } });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const listed = await call(projectsRoute.GET, { as: as(), params: { connectionId: via } });
    const ids = listed.body.data.map((p: { id: string }) => p.id);
    expect(ids).toEqual(expect.arrayContaining([id, via]));

    const renamed = await call(projectRoute.PATCH, {
      as: as(),
      params: { connectionId: via, openaiProjectId: id },
      body: { name: "Renamed" },
    });
    expect(renamed.body.name).toBe("Renamed");
    expect(
      (await call(projectRoute.PATCH, { as: as(), params: { connectionId: via, openaiProjectId: id }, body: { name: "" } })).status,
    ).toBe(400);

    const account = await call(accountsRoute.POST, {
      as: as(),
      params: { connectionId: via, openaiProjectId: id },
      body: { name: "ci-bot" },
    });
    expect(account.status).toBe(201);
    const value = account.body.apiKey.value as string;
    expect(value).toMatch(/^sk-sandbox-/);
    const accounts = await call(accountsRoute.GET, { as: as(), params: { connectionId: via, openaiProjectId: id } });
    expect(JSON.stringify(accounts.body)).not.toContain(value);

    const keys = await call(keysRoute.GET, { as: as(), params: { connectionId: via, openaiProjectId: id } });
    expect(keys.body.data).toHaveLength(1);
    expect(keys.body.data[0]).toMatchObject({ inUseBy: null, owner: { type: "service_account" } });
    expect(JSON.stringify(keys.body)).not.toContain(value);
    const keyId = keys.body.data[0].id as string;
    expect((await call(keyRoute.DELETE, { as: as(), params: { connectionId: via, openaiProjectId: id, keyId } })).status).toBe(204);
    const prisma = await db();
    expect(await prisma.sandboxApiKey.count({ where: { keyHash: hashSandboxKey(value) } })).toBe(0);

    // The key the Switchboard project itself uses is shown as such and cannot be deleted.
    const own = await call(keysRoute.GET, { as: as(), params: { connectionId: via, openaiProjectId: via } });
    const used = own.body.data.find((k: { inUseBy: unknown }) => k.inUseBy);
    expect(used.inUseBy).toEqual({ projectId: via, projectName: viaName });
    const refused = await call(keyRoute.DELETE, { as: as(), params: { connectionId: via, openaiProjectId: via, keyId: used.id } });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/uses this key/);
    const target = await loadTarget(via);
    expect(target.headers.authorization).toBeTruthy();

    const limits = await call(rateLimitsRoute.GET, { as: as(), params: { connectionId: via, openaiProjectId: id } });
    expect(limits.body.rateLimits.map((l: { model: string }) => l.model)).toContain("sandbox-chat");
    const params = { connectionId: via, openaiProjectId: id, rateLimitId: "rl-sandbox-chat" };
    const changed = await call(rateLimitRoute.PATCH, { as: as(), params, body: { max_requests_per_1_minute: 42 } });
    expect(changed.body.max_requests_per_1_minute).toBe(42);
    const tooHigh = await call(rateLimitRoute.PATCH, { as: as(), params, body: { max_requests_per_1_minute: 50_000 } });
    expect(tooHigh.status).toBe(400);
    expect(tooHigh.body.error.message).toMatch(/cannot exceed the organization's limit/);
    expect((await call(rateLimitRoute.PATCH, { as: as(), params, body: { max_requests_per_1_minute: 0 } })).body.error.field).toBe(
      "max_requests_per_1_minute",
    );

    expect((await call(spendLimitRoute.GET, { as: as(), params: { connectionId: via, openaiProjectId: id } })).body).toEqual({
      spendLimit: null,
    });
    const limit = await call(spendLimitRoute.PUT, {
      as: as(),
      params: { connectionId: via, openaiProjectId: id },
      body: { thresholdCents: 1500 },
    });
    expect(limit.body.spendLimit.threshold_amount).toBe(1500);

    const member = await call(usersRoute.POST, {
      as: as(),
      params: { connectionId: via, openaiProjectId: id },
      body: { email: "grace@example.com", role: "owner" },
    });
    expect(member.body).toMatchObject({ email: "grace@example.com", role: "owner" });

    const archived = await call(projectRoute.PATCH, {
      as: as(),
      params: { connectionId: via, openaiProjectId: id },
      body: { archived: true },
    });
    expect(archived.body.status).toBe("archived");
    const afterArchive = await call(accountsRoute.POST, {
      as: as(),
      params: { connectionId: via, openaiProjectId: id },
      body: { name: "late" },
    });
    expect(afterArchive.status).toBe(400);
    expect(afterArchive.body.error.message).toMatch(/The upstream refused the request: .*archived/);

    // Every change is in the audit log, and no key value is.
    const audit = await prisma.auditLog.findMany({ where: { action: { startsWith: "openai." } }, orderBy: { createdAt: "asc" } });
    expect(audit.map((row) => row.action)).toEqual([
      "openai.sandbox_admin_key.create",
      "openai.project.create",
      "openai.project.rename",
      "openai.service_account.create",
      "openai.api_key.delete",
      "openai.rate_limit.update",
      "openai.spend_limit.set",
      "openai.project_user.add",
      "openai.project.archive",
    ]);
    expect(JSON.stringify(audit.map((row) => [row.before, row.after]))).not.toMatch(/sk-sandbox-[A-Za-z0-9]{20,}/);
  });

  test("on the sandbox, a Switchboard project is linked to its own sandbox project and nothing else links", async () => {
    const links = await call(linkRoute.GET, { as: as(), params: { connectionId: via, openaiProjectId: via } });
    expect(links.body).toEqual({ linkable: false, linked: [{ projectId: via, projectName: viaName }], candidates: [] });
    const put = await call(linkRoute.PUT, {
      as: as(),
      params: { connectionId: via, openaiProjectId: via },
      body: { switchboardProjectId: via, linked: true },
    });
    expect(put.status).toBe(409);
  });

  test("a redacted key matches the keys it could be, and only those", () => {
    expect(redactedMatches("sk-sandbox-ab*****wxyz", "sk-sandbox-abcdefghwxyz")).toBe(true);
    expect(redactedMatches("sk-sandbox-ab*****wxyz", "sk-sandbox-abcdefghwxy0")).toBe(false);
    expect(redactedMatches("sk-abc...def", "sk-abc123def")).toBe(true);
    expect(redactedMatches("sk-***", "sk-anything")).toBe(false);
  });
});
