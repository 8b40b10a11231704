import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import * as adminAudit from "@/app/api/admin/audit/route";
import * as adminInvitation from "@/app/api/admin/invitations/[invitationId]/route";
import * as adminInvitations from "@/app/api/admin/invitations/route";
import * as orgKey from "@/app/api/admin/openai/[connectionId]/projects/[openaiProjectId]/api-keys/[keyId]/route";
import * as orgKeys from "@/app/api/admin/openai/[connectionId]/projects/[openaiProjectId]/api-keys/route";
import * as orgLink from "@/app/api/admin/openai/[connectionId]/projects/[openaiProjectId]/link/route";
import * as orgRateLimit from "@/app/api/admin/openai/[connectionId]/projects/[openaiProjectId]/rate-limits/[rateLimitId]/route";
import * as orgRateLimits from "@/app/api/admin/openai/[connectionId]/projects/[openaiProjectId]/rate-limits/route";
import * as orgProject from "@/app/api/admin/openai/[connectionId]/projects/[openaiProjectId]/route";
import * as orgAccount from "@/app/api/admin/openai/[connectionId]/projects/[openaiProjectId]/service-accounts/[serviceAccountId]/route";
import * as orgAccounts from "@/app/api/admin/openai/[connectionId]/projects/[openaiProjectId]/service-accounts/route";
import * as orgAlert from "@/app/api/admin/openai/[connectionId]/projects/[openaiProjectId]/spend-alerts/[alertId]/route";
import * as orgAlerts from "@/app/api/admin/openai/[connectionId]/projects/[openaiProjectId]/spend-alerts/route";
import * as orgSpendLimit from "@/app/api/admin/openai/[connectionId]/projects/[openaiProjectId]/spend-limit/route";
import * as orgUser from "@/app/api/admin/openai/[connectionId]/projects/[openaiProjectId]/users/[userId]/route";
import * as orgUsers from "@/app/api/admin/openai/[connectionId]/projects/[openaiProjectId]/users/route";
import * as orgProjects from "@/app/api/admin/openai/[connectionId]/projects/route";
import * as orgSandboxAdminKey from "@/app/api/admin/openai/connections/[connectionId]/sandbox-admin-key/route";
import * as orgConnections from "@/app/api/admin/openai/connections/route";
import * as adminPrices from "@/app/api/admin/prices/route";
import * as adminUsage from "@/app/api/admin/usage/route";
import * as adminUserPasswordReset from "@/app/api/admin/users/[userId]/password-reset/route";
import * as adminUser from "@/app/api/admin/users/[userId]/route";
import * as adminUsers from "@/app/api/admin/users/route";
import * as invitation from "@/app/api/invitations/[token]/route";
import * as mePassword from "@/app/api/me/password/route";
import * as me from "@/app/api/me/route";
import * as passwordReset from "@/app/api/password-reset/[token]/route";
import * as apiKeyRoll from "@/app/api/projects/[projectId]/api-keys/[keyId]/roll/route";
import * as apiKey from "@/app/api/projects/[projectId]/api-keys/[keyId]/route";
import * as apiKeys from "@/app/api/projects/[projectId]/api-keys/route";
import * as projectAudit from "@/app/api/projects/[projectId]/audit/route";
import * as batchPrices from "@/app/api/projects/[projectId]/batches/prices/route";
import * as connection from "@/app/api/projects/[projectId]/connection/route";
import * as connectionTest from "@/app/api/projects/[projectId]/connection/test/route";
import * as createdObjects from "@/app/api/projects/[projectId]/created-objects/route";
import * as logEntry from "@/app/api/projects/[projectId]/logs/[eventId]/route";
import * as logs from "@/app/api/projects/[projectId]/logs/route";
import * as member from "@/app/api/projects/[projectId]/members/[userId]/route";
import * as members from "@/app/api/projects/[projectId]/members/route";
import * as proxy from "@/app/api/projects/[projectId]/openai/v1/[...path]/route";
import * as prices from "@/app/api/projects/[projectId]/prices/route";
import * as prompt from "@/app/api/projects/[projectId]/prompts/[promptId]/route";
import * as promptVersions from "@/app/api/projects/[projectId]/prompts/[promptId]/versions/route";
import * as prompts from "@/app/api/projects/[projectId]/prompts/route";
import * as project from "@/app/api/projects/[projectId]/route";
import * as serviceAccounts from "@/app/api/projects/[projectId]/service-accounts/route";
import * as reconcile from "@/app/api/projects/[projectId]/usage/reconcile/route";
import * as usage from "@/app/api/projects/[projectId]/usage/route";
import * as usageSettings from "@/app/api/projects/[projectId]/usage-settings/route";
import * as projects from "@/app/api/projects/route";
import {
  effectiveProjectRole,
  type InstancePermission,
  type InstanceRole,
  instanceRoleAllows,
  type ProjectPermission,
  type ProjectRole,
  projectRoleAllows,
} from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { emptySetup } from "@/lib/playground/state";
import { connectProjectToSandbox } from "@/lib/upstream/connections";
import { makeProject, makeUser } from "./support/fixtures";
import { call } from "./support/http";

// Every /api route and what it requires. The matrix below is computed from the permission table
// in lib/auth/permissions.ts, so a change there changes the expectations here.
type Requirement = { project: ProjectPermission } | { instance: InstancePermission } | "session" | "public";
type Handler = Parameters<typeof call>[0];
interface RouteCase {
  file: string;
  method: string;
  handler: Handler;
  requires: Requirement;
  body?: (ctx: Ctx) => unknown;
  /** For routes that read the URL itself (the console proxy). */
  path?: (projectId: string) => string;
}
interface Ctx {
  targetEmail: string;
  targetId: string;
  n: number;
}

const ROUTES: RouteCase[] = [
  { file: "me/route.ts", method: "GET", handler: me.GET, requires: "session" },
  { file: "projects/route.ts", method: "GET", handler: projects.GET, requires: "session" },
  {
    file: "projects/route.ts",
    method: "POST",
    handler: projects.POST,
    requires: { instance: "instance.projects.create" },
    body: (c) => ({ name: `P${c.n}` }),
  },
  { file: "projects/[projectId]/route.ts", method: "GET", handler: project.GET, requires: { project: "project.read" } },
  {
    file: "projects/[projectId]/route.ts",
    method: "PATCH",
    handler: project.PATCH,
    requires: { project: "project.update" },
    body: (c) => ({ name: `Renamed ${c.n}` }),
  },
  {
    file: "projects/[projectId]/route.ts",
    method: "PATCH",
    handler: project.PATCH,
    requires: { project: "project.archive" },
    body: () => ({ archived: false }),
  },
  { file: "projects/[projectId]/members/route.ts", method: "GET", handler: members.GET, requires: { project: "project.members.read" } },
  {
    file: "projects/[projectId]/members/route.ts",
    method: "POST",
    handler: members.POST,
    requires: { project: "project.members.manage" },
    body: (c) => ({ email: c.targetEmail, role: "viewer" }),
  },
  {
    file: "projects/[projectId]/members/[userId]/route.ts",
    method: "PATCH",
    handler: member.PATCH,
    requires: { project: "project.members.manage" },
    body: () => ({ role: "viewer" }),
  },
  {
    file: "projects/[projectId]/members/[userId]/route.ts",
    method: "DELETE",
    handler: member.DELETE,
    requires: { project: "project.members.manage" },
  },
  { file: "projects/[projectId]/audit/route.ts", method: "GET", handler: projectAudit.GET, requires: { project: "project.audit.read" } },
  {
    file: "projects/[projectId]/connection/route.ts",
    method: "GET",
    handler: connection.GET,
    requires: { project: "project.connection.read" },
  },
  {
    file: "projects/[projectId]/connection/route.ts",
    method: "PUT",
    handler: connection.PUT,
    requires: { project: "project.connection.manage" },
    body: () => ({ kind: "sandbox" }),
  },
  {
    file: "projects/[projectId]/connection/test/route.ts",
    method: "POST",
    handler: connectionTest.POST,
    requires: { project: "project.connection.manage" },
  },
  { file: "admin/users/route.ts", method: "GET", handler: adminUsers.GET, requires: { instance: "instance.members.read" } },
  {
    file: "admin/users/route.ts",
    method: "POST",
    handler: adminUsers.POST,
    requires: { instance: "instance.members.manage" },
    body: (c) => ({ name: "New", email: `new${c.n}@example.com`, password: "a long passphrase 1" }),
  },
  { file: "admin/audit/route.ts", method: "GET", handler: adminAudit.GET, requires: { instance: "instance.audit.read" } },
  {
    file: "admin/audit/route.ts",
    method: "GET",
    handler: adminAudit.GET,
    requires: { instance: "instance.audit.read" },
    path: () => "/api/admin/audit?format=csv&action=project.",
  },
  {
    file: "projects/[projectId]/audit/route.ts",
    method: "GET",
    handler: projectAudit.GET,
    requires: { project: "project.audit.read" },
    path: (projectId) => `/api/projects/${projectId}/audit?format=csv`,
  },
  { file: "me/route.ts", method: "PATCH", handler: me.PATCH, requires: "session", body: (c) => ({ name: `Name ${c.n}` }) },
  {
    file: "me/password/route.ts",
    method: "POST",
    handler: mePassword.POST,
    requires: "session",
    // A wrong current password: a 400 for whoever is signed in, the password itself unchanged.
    body: () => ({ currentPassword: "not the password 1", newPassword: "a long passphrase 1" }),
  },
  { file: "admin/invitations/route.ts", method: "GET", handler: adminInvitations.GET, requires: { instance: "instance.members.read" } },
  {
    file: "admin/invitations/route.ts",
    method: "POST",
    handler: adminInvitations.POST,
    requires: { instance: "instance.members.manage" },
    body: (c) => ({ email: `invited${c.n}@example.com` }),
  },
  {
    file: "admin/invitations/[invitationId]/route.ts",
    method: "DELETE",
    handler: adminInvitation.DELETE,
    requires: { instance: "instance.members.manage" },
  },
  {
    file: "admin/users/[userId]/route.ts",
    method: "PATCH",
    handler: adminUser.PATCH,
    requires: { instance: "instance.members.manage" },
    body: () => ({ instanceRole: "member" }),
  },
  {
    file: "admin/users/[userId]/password-reset/route.ts",
    method: "POST",
    handler: adminUserPasswordReset.POST,
    requires: { instance: "instance.members.manage" },
  },
  // The links' own routes: the token is the credential, whoever holds it (an unknown one is a 404).
  { file: "invitations/[token]/route.ts", method: "GET", handler: invitation.GET, requires: "public" },
  {
    file: "invitations/[token]/route.ts",
    method: "POST",
    handler: invitation.POST,
    requires: "public",
    body: () => ({ name: "Nobody", password: "a long passphrase 1" }),
  },
  { file: "password-reset/[token]/route.ts", method: "GET", handler: passwordReset.GET, requires: "public" },
  {
    file: "password-reset/[token]/route.ts",
    method: "POST",
    handler: passwordReset.POST,
    requires: "public",
    body: () => ({ password: "a long passphrase 1" }),
  },
  {
    file: "projects/[projectId]/created-objects/route.ts",
    method: "GET",
    handler: createdObjects.GET,
    requires: { project: "project.read" },
    path: (projectId) => `/api/projects/${projectId}/created-objects?ids=file-1`,
  },
  { file: "projects/[projectId]/prices/route.ts", method: "GET", handler: prices.GET, requires: { project: "project.read" } },
  { file: "projects/[projectId]/prompts/route.ts", method: "GET", handler: prompts.GET, requires: { project: "project.read" } },
  {
    file: "projects/[projectId]/prompts/route.ts",
    method: "POST",
    handler: prompts.POST,
    requires: { project: "project.prompts.write" },
    body: (c) => ({ name: `Prompt ${c.n}`, setup: emptySetup("sandbox-chat") }),
  },
  { file: "projects/[projectId]/prompts/[promptId]/route.ts", method: "GET", handler: prompt.GET, requires: { project: "project.read" } },
  {
    file: "projects/[projectId]/prompts/[promptId]/versions/route.ts",
    method: "POST",
    handler: promptVersions.POST,
    requires: { project: "project.prompts.write" },
    body: () => ({ setup: emptySetup("sandbox-chat") }),
  },
  // Admin → OpenAI organization: instance admins only, whatever the connection answers.
  ...(
    [
      ["connections/route.ts", "GET", orgConnections.GET, "read"],
      ["connections/[connectionId]/sandbox-admin-key/route.ts", "POST", orgSandboxAdminKey.POST, "manage"],
      ["[connectionId]/projects/route.ts", "GET", orgProjects.GET, "read"],
      ["[connectionId]/projects/route.ts", "POST", orgProjects.POST, "manage", { name: "Org" }],
      ["[connectionId]/projects/[openaiProjectId]/route.ts", "GET", orgProject.GET, "read"],
      ["[connectionId]/projects/[openaiProjectId]/route.ts", "PATCH", orgProject.PATCH, "manage", { name: "Org" }],
      ["[connectionId]/projects/[openaiProjectId]/users/route.ts", "GET", orgUsers.GET, "read"],
      [
        "[connectionId]/projects/[openaiProjectId]/users/route.ts",
        "POST",
        orgUsers.POST,
        "manage",
        { email: "a@example.com", role: "member" },
      ],
      ["[connectionId]/projects/[openaiProjectId]/users/[userId]/route.ts", "PATCH", orgUser.PATCH, "manage", { role: "owner" }],
      ["[connectionId]/projects/[openaiProjectId]/users/[userId]/route.ts", "DELETE", orgUser.DELETE, "manage"],
      ["[connectionId]/projects/[openaiProjectId]/api-keys/route.ts", "GET", orgKeys.GET, "read"],
      ["[connectionId]/projects/[openaiProjectId]/api-keys/[keyId]/route.ts", "DELETE", orgKey.DELETE, "manage"],
      ["[connectionId]/projects/[openaiProjectId]/service-accounts/route.ts", "GET", orgAccounts.GET, "read"],
      ["[connectionId]/projects/[openaiProjectId]/service-accounts/route.ts", "POST", orgAccounts.POST, "manage", { name: "bot" }],
      ["[connectionId]/projects/[openaiProjectId]/service-accounts/[serviceAccountId]/route.ts", "DELETE", orgAccount.DELETE, "manage"],
      ["[connectionId]/projects/[openaiProjectId]/rate-limits/route.ts", "GET", orgRateLimits.GET, "read"],
      [
        "[connectionId]/projects/[openaiProjectId]/rate-limits/[rateLimitId]/route.ts",
        "PATCH",
        orgRateLimit.PATCH,
        "manage",
        { max_requests_per_1_minute: 10 },
      ],
      ["[connectionId]/projects/[openaiProjectId]/spend-limit/route.ts", "GET", orgSpendLimit.GET, "read"],
      ["[connectionId]/projects/[openaiProjectId]/spend-limit/route.ts", "PUT", orgSpendLimit.PUT, "manage", { thresholdCents: 100 }],
      ["[connectionId]/projects/[openaiProjectId]/spend-limit/route.ts", "DELETE", orgSpendLimit.DELETE, "manage"],
      ["[connectionId]/projects/[openaiProjectId]/spend-alerts/route.ts", "GET", orgAlerts.GET, "read"],
      [
        "[connectionId]/projects/[openaiProjectId]/spend-alerts/route.ts",
        "POST",
        orgAlerts.POST,
        "manage",
        { thresholdCents: 100, recipients: ["a@example.com"] },
      ],
      ["[connectionId]/projects/[openaiProjectId]/spend-alerts/[alertId]/route.ts", "DELETE", orgAlert.DELETE, "manage"],
      ["[connectionId]/projects/[openaiProjectId]/link/route.ts", "GET", orgLink.GET, "read"],
      [
        "[connectionId]/projects/[openaiProjectId]/link/route.ts",
        "PUT",
        orgLink.PUT,
        "manage",
        { switchboardProjectId: "x", linked: true },
      ],
    ] as const
  ).map(([file, method, handler, level, body]: readonly [string, string, Handler, "read" | "manage", unknown?]) => ({
    file: `admin/openai/${file}`,
    method,
    handler,
    requires: { instance: level === "read" ? ("instance.openai.read" as const) : ("instance.openai.manage" as const) },
    body: body === undefined ? undefined : () => body,
  })),
  {
    file: "projects/[projectId]/batches/prices/route.ts",
    method: "GET",
    handler: batchPrices.GET,
    requires: { project: "project.read" },
    path: (projectId) => `/api/projects/${projectId}/batches/prices?models=sandbox-chat`,
  },
  {
    file: "projects/[projectId]/usage/route.ts",
    method: "GET",
    handler: usage.GET,
    requires: { project: "project.usage.read" },
    path: (projectId) => `/api/projects/${projectId}/usage?from=2026-01-01&to=2026-01-31&tz=UTC`,
  },
  {
    file: "projects/[projectId]/usage/reconcile/route.ts",
    method: "GET",
    handler: reconcile.GET,
    requires: { project: "project.usage.reconcile" },
    path: (projectId) => `/api/projects/${projectId}/usage/reconcile?from=2026-01-01&to=2026-01-02`,
  },
  {
    file: "projects/[projectId]/usage-settings/route.ts",
    method: "GET",
    handler: usageSettings.GET,
    requires: { project: "project.usage.read" },
  },
  {
    file: "projects/[projectId]/usage-settings/route.ts",
    method: "PUT",
    handler: usageSettings.PUT,
    requires: { project: "project.update" },
    body: () => ({ monthlyBudgetUsd: 100 }),
  },
  { file: "projects/[projectId]/logs/route.ts", method: "GET", handler: logs.GET, requires: { project: "project.logs.read" } },
  {
    file: "projects/[projectId]/logs/[eventId]/route.ts",
    method: "GET",
    handler: logEntry.GET,
    requires: { project: "project.logs.read" },
  },
  {
    file: "admin/usage/route.ts",
    method: "GET",
    handler: adminUsage.GET,
    requires: { instance: "instance.usage.read" },
    path: () => "/api/admin/usage?from=2026-01-01&to=2026-01-31",
  },
  { file: "admin/prices/route.ts", method: "GET", handler: adminPrices.GET, requires: { instance: "instance.prices.manage" } },
  {
    file: "admin/prices/route.ts",
    method: "POST",
    handler: adminPrices.POST,
    requires: { instance: "instance.prices.manage" },
    body: (c) => ({ model: `custom-${c.n}`, inputUsdPerMillion: 1, cachedInputUsdPerMillion: null, outputUsdPerMillion: 2 }),
  },
  // The console proxy: one route, the role follows from the method.
  ...(
    [
      ["GET", proxy.GET],
      ["HEAD", proxy.HEAD],
    ] as const
  ).map(([method, handler]) => ({
    file: "projects/[projectId]/openai/v1/[...path]/route.ts",
    method,
    handler,
    requires: { project: "project.api.read" as const },
    path: (projectId: string) => `/api/projects/${projectId}/openai/v1/models`,
  })),
  {
    file: "projects/[projectId]/openai/v1/[...path]/route.ts",
    method: "POST",
    handler: proxy.POST,
    requires: { project: "project.api.write" },
    path: (projectId) => `/api/projects/${projectId}/openai/v1/vector_stores`,
    body: (c) => ({ name: `Store ${c.n}` }),
  },
  {
    file: "projects/[projectId]/openai/v1/[...path]/route.ts",
    method: "DELETE",
    handler: proxy.DELETE,
    requires: { project: "project.api.write" },
    path: (projectId) => `/api/projects/${projectId}/openai/v1/files/file-missing`,
  },
  { file: "projects/[projectId]/api-keys/route.ts", method: "GET", handler: apiKeys.GET, requires: { project: "project.keys.read" } },
  {
    file: "projects/[projectId]/api-keys/route.ts",
    method: "POST",
    handler: apiKeys.POST,
    requires: { project: "project.keys.manage" },
    body: (c) => ({ name: `Key ${c.n}`, owner: { type: "user" } }),
  },
  {
    file: "projects/[projectId]/api-keys/[keyId]/route.ts",
    method: "PATCH",
    handler: apiKey.PATCH,
    requires: { project: "project.keys.manage" },
    body: (c) => ({ name: `Key ${c.n}`, requestsPerMinute: 10 }),
  },
  {
    file: "projects/[projectId]/api-keys/[keyId]/route.ts",
    method: "DELETE",
    handler: apiKey.DELETE,
    requires: { project: "project.keys.manage" },
  },
  {
    file: "projects/[projectId]/api-keys/[keyId]/roll/route.ts",
    method: "POST",
    handler: apiKeyRoll.POST,
    requires: { project: "project.keys.manage" },
    body: () => ({ graceHours: 0 }),
  },
  {
    file: "projects/[projectId]/service-accounts/route.ts",
    method: "GET",
    handler: serviceAccounts.GET,
    requires: { project: "project.keys.manage" },
  },
  {
    file: "projects/[projectId]/service-accounts/route.ts",
    method: "POST",
    handler: serviceAccounts.POST,
    requires: { project: "project.keys.manage" },
    body: (c) => ({ name: `Service ${c.n}` }),
  },
];
// Routes outside the matrix, each for a reason.
const PUBLIC_ROUTES = ["health/route.ts", "setup/route.ts", "auth/[...nextauth]/route.ts"];

interface Caller {
  label: string;
  instanceRole: InstanceRole | null;
  projectRole: ProjectRole | null;
}
const CALLERS: Caller[] = [
  { label: "no session", instanceRole: null, projectRole: null },
  { label: "outsider (member, not in project)", instanceRole: "member", projectRole: null },
  { label: "project viewer", instanceRole: "member", projectRole: "viewer" },
  { label: "project member", instanceRole: "member", projectRole: "member" },
  { label: "project admin", instanceRole: "member", projectRole: "admin" },
  { label: "instance admin (not in project)", instanceRole: "admin", projectRole: null },
  { label: "instance owner", instanceRole: "owner", projectRole: null },
];

type Expectation = "allowed" | 401 | 403 | 404;

function expected(route: RouteCase, caller: Caller): Expectation {
  if (route.requires === "public") return "allowed";
  if (!caller.instanceRole) return 401;
  if (route.requires === "session") return "allowed";
  if ("instance" in route.requires) return instanceRoleAllows(caller.instanceRole, route.requires.instance) ? "allowed" : 403;
  const role = effectiveProjectRole(caller.instanceRole, caller.projectRole);
  if (!role) return 404;
  return projectRoleAllows(role, route.requires.project) ? "allowed" : 403;
}

function outcome(status: number, body: { error?: { message?: string } } | null): Expectation {
  if (status === 401 || status === 403) return status;
  if (status === 404 && body?.error?.message === "Project not found") return 404;
  return "allowed";
}

describe("every /api route against every role", () => {
  const users = new Map<string, { id: string } | null>();
  let projectId: string;
  let target: { id: string; email: string };

  beforeAll(async () => {
    const owner = await makeUser("owner");
    target = await makeUser("member");
    const p = await makeProject("Matrix", [
      { userId: owner.id, role: "admin" },
      { userId: target.id, role: "member" },
    ]);
    projectId = p.id;
    await connectProjectToSandbox(projectId, await db());
    for (const caller of CALLERS) {
      if (!caller.instanceRole) {
        users.set(caller.label, null);
        continue;
      }
      const user = await makeUser(caller.instanceRole);
      if (caller.projectRole) {
        await (await db()).projectMember.create({ data: { projectId, userId: user.id, role: caller.projectRole } });
      }
      users.set(caller.label, user);
    }
  });

  test("the table lists every route file under app/api", () => {
    const root = path.resolve("app/api");
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name === "route.ts") found.push(path.relative(root, full));
      }
    };
    walk(root);
    const covered = new Set([...ROUTES.map((r) => r.file), ...PUBLIC_ROUTES]);
    expect(found.filter((file) => !covered.has(file))).toEqual([]);
  });

  let n = 0;
  for (const route of ROUTES) {
    for (const caller of CALLERS) {
      test(`${route.method} ${route.file} as ${caller.label}`, async () => {
        n++;
        const ctx: Ctx = { targetEmail: target.email, targetId: target.id, n };
        const res = await call(route.handler, {
          method: route.method,
          as: users.get(caller.label) ?? null,
          params: {
            projectId,
            userId: target.id,
            connectionId: projectId,
            openaiProjectId: projectId,
            keyId: "key_x",
            serviceAccountId: "svc_x",
            rateLimitId: "rl-sandbox-chat",
            alertId: "alert_x",
            invitationId: "missing",
            token: "x".repeat(43),
          },
          body: route.body?.(ctx),
          path: route.path?.(projectId),
        });
        expect(outcome(res.status, res.body), `status ${res.status}: ${JSON.stringify(res.body)}`).toBe(expected(route, caller));
      });
    }
  }
});
