import { afterEach, beforeEach, describe, expect, test } from "vitest";
import * as connection from "@/app/api/projects/[projectId]/connection/route";
import * as connectionTest from "@/app/api/projects/[projectId]/connection/test/route";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { hashSandboxKey } from "@/lib/sandbox/auth";
import { sandboxHandler } from "@/lib/sandbox/handler";
import { connectProjectToSandbox } from "@/lib/upstream/connections";
import { ALLOW_PRIVATE_ENV } from "@/lib/upstream/ssrf";
import { makeProject, makeUser } from "./support/fixtures";
import { call } from "./support/http";

const OPENAI_KEY = "sk-proj-canary-connection-key-0123456789wxyz";
const ADMIN_KEY = "sk-admin-canary-admin-key-0123456789qrst";
// A name that can never resolve (RFC 6761), so no test here reaches a real network.
const UNRESOLVABLE = "https://upstream.invalid/v1";

let admin: { id: string };
let projectId: string;

async function stored() {
  return (await db()).upstreamConnection.findUniqueOrThrow({ where: { projectId } });
}

async function sandboxAccepts(key: string): Promise<boolean> {
  const response = await sandboxHandler(new Request("http://sandbox.internal/v1/models", { headers: { authorization: `Bearer ${key}` } }));
  return response.status === 200;
}

function put(body: Record<string, unknown>, as: { id: string } = admin) {
  return call(connection.PUT, { method: "PUT", as, params: { projectId }, body });
}

function runTest(body?: Record<string, unknown>) {
  return call(connectionTest.POST, { method: "POST", as: admin, params: { projectId }, body });
}

/** The audit rows as text, to search for anything secret. */
function textOf(rows: { id: bigint }[]): string {
  return JSON.stringify(rows.map(({ id: _id, ...row }) => row));
}

async function auditRows() {
  return (await db()).auditLog.findMany({ where: { projectId, action: "project.connection.update" }, orderBy: { id: "asc" } });
}

beforeEach(async () => {
  admin = await makeUser("member");
  const project = await makeProject(undefined, [{ userId: admin.id, role: "admin" }]);
  projectId = project.id;
  await connectProjectToSandbox(projectId, await db());
});

afterEach(() => {
  delete process.env[ALLOW_PRIVATE_ENV];
});

describe("reading the connection", () => {
  test("admins see the kind and a masked key, never the key", async () => {
    const key = decryptSecret((await stored()).apiKeySealed as string);
    const res = await call(connection.GET, { as: admin, params: { projectId } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: "sandbox", label: "Sandbox", baseUrl: null, capabilities: null, testedAt: null });
    expect(res.body.apiKey).toEqual({ set: true, masked: `sk-sandbox-…${key.slice(-4)}`, readable: true });
    expect(JSON.stringify(res.body)).not.toContain(key.slice(11));
  });

  test("members and viewers are refused, people outside the project do not see it exists", async () => {
    const member = await makeUser("member");
    const viewer = await makeUser("member");
    const outsider = await makeUser("member");
    const prisma = await db();
    await prisma.projectMember.createMany({
      data: [
        { projectId, userId: member.id, role: "member" },
        { projectId, userId: viewer.id, role: "viewer" },
      ],
    });
    const body = { kind: "compatible", baseUrl: "https://llm.example.com/v1" };
    for (const [who, status] of [
      [member, 403],
      [viewer, 403],
      [outsider, 404],
    ] as const) {
      expect((await call(connection.GET, { as: who, params: { projectId } })).status).toBe(status);
      expect((await put(body, who)).status).toBe(status);
      expect((await call(connectionTest.POST, { method: "POST", as: who, params: { projectId } })).status).toBe(status);
    }
    expect((await stored()).kind).toBe("sandbox");
  });
});

describe("saving a connection", () => {
  test("OpenAI with a key: stored sealed, shown masked, audited without the key, the sandbox key withdrawn", async () => {
    const sandboxKey = decryptSecret((await stored()).apiKeySealed as string);
    const res = await put({ kind: "openai", apiKey: OPENAI_KEY, organization: "org-abc", openaiProject: "proj_123" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      kind: "openai",
      baseUrl: "https://api.openai.com/v1",
      organization: "org-abc",
      openaiProject: "proj_123",
    });
    expect(res.body.apiKey).toEqual({ set: true, masked: "sk-proj-…wxyz", readable: true });
    expect(JSON.stringify(res.body)).not.toContain("canary");

    const row = await stored();
    expect(row.apiKeySealed).not.toContain("canary");
    expect(decryptSecret(row.apiKeySealed as string)).toBe(OPENAI_KEY);
    expect(row.apiKeyLast4).toBe("wxyz");
    expect(await sandboxAccepts(sandboxKey)).toBe(false);

    const [audit] = await auditRows();
    expect(audit.actorId).toBe(admin.id);
    expect(audit.before).toMatchObject({ kind: "sandbox", apiKeySet: true });
    expect(audit.after).toMatchObject({ kind: "openai", baseUrl: "https://api.openai.com/v1", keyChanged: true, adminKeyChanged: false });
    const auditText = textOf([audit]);
    for (const secret of [OPENAI_KEY.slice(8), sandboxKey.slice(11), row.apiKeySealed as string]) expect(auditText).not.toContain(secret);
  });

  test("an empty key field keeps the stored key while the kind and host stay the same", async () => {
    await put({ kind: "openai", apiKey: OPENAI_KEY });
    const res = await put({ kind: "openai", baseUrl: "https://api.openai.com/v1/", organization: "org-new" });
    expect(res.status).toBe(200);
    expect(decryptSecret((await stored()).apiKeySealed as string)).toBe(OPENAI_KEY);
    expect((await auditRows()).at(-1)?.after).toMatchObject({ organization: "org-new", keyChanged: false });
  });

  test("a new host or kind needs the key again, so a stored key never reaches it", async () => {
    await put({ kind: "openai", apiKey: OPENAI_KEY });
    for (const body of [
      { kind: "openai", baseUrl: "https://evil.example.com/v1" },
      { kind: "openai", baseUrl: "http://api.openai.com/v1" },
      { kind: "openai", baseUrl: "https://api.openai.com:8443/v1" },
      { kind: "compatible", baseUrl: "https://api.openai.com/v1" },
      { kind: "azure", baseUrl: "https://res.openai.azure.com/openai/v1" },
    ]) {
      const res = await put(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.field).toBe("apiKey");
      expect(res.body.error.message).toMatch(/enter the API key again/i);
    }
    expect((await stored()).baseUrl).toBe("https://api.openai.com/v1");
    // A path change on the same host keeps the key.
    expect((await put({ kind: "openai", baseUrl: "https://api.openai.com/v1/proxy" })).status).toBe(200);
    // With the key typed again, the new host is accepted.
    const moved = await put({ kind: "compatible", baseUrl: "https://llm.example.com/v1", apiKey: "sk-other-0000" });
    expect(moved.status).toBe(200);
    expect(moved.body.apiKey.masked).toBe("sk-other-…0000");
  });

  test("OpenAI and Azure need a key; a compatible server may have none", async () => {
    expect((await put({ kind: "openai" })).body.error).toMatchObject({ field: "apiKey", message: "Enter the API key for OpenAI" });
    expect((await put({ kind: "azure", baseUrl: "https://res.openai.azure.com/openai/v1" })).body.error.field).toBe("apiKey");
    const ollama = await put({ kind: "compatible", baseUrl: "https://ollama.example.com/v1" });
    expect(ollama.status).toBe(200);
    expect(ollama.body.apiKey).toEqual({ set: false, masked: null, readable: true });

    await put({ kind: "compatible", baseUrl: "https://ollama.example.com/v1", apiKey: "ollama-key-9876" });
    const removed = await put({ kind: "compatible", baseUrl: "https://ollama.example.com/v1", removeApiKey: true });
    expect(removed.body.apiKey.set).toBe(false);
    expect((await auditRows()).at(-1)?.after).toMatchObject({ keyChanged: true, apiKeySet: false });
  });

  test("Azure: base URL required, api-version and the deployment mapping stored", async () => {
    const missing = await put({ kind: "azure", apiKey: "0123456789abcdef0123456789abcdef" });
    expect(missing.status).toBe(400);
    expect(missing.body.error.field).toBe("baseUrl");
    const res = await put({
      kind: "azure",
      baseUrl: "https://res.openai.azure.com/openai",
      apiKey: "0123456789abcdef0123456789abcdef",
      azureApiVersion: "2024-10-21",
      azureDeployments: [
        { model: "gpt-4o", deployment: "gpt4o-prod" },
        { model: "text-embedding-3-small", deployment: "embed" },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      kind: "azure",
      azureApiVersion: "2024-10-21",
      azureDeployments: [
        { model: "gpt-4o", deployment: "gpt4o-prod" },
        { model: "text-embedding-3-small", deployment: "embed" },
      ],
    });
    expect(res.body.apiKey.masked).toBe("…cdef");
    const twice = await put({
      kind: "azure",
      baseUrl: "https://res.openai.azure.com/openai",
      azureDeployments: [
        { model: "gpt-4o", deployment: "a" },
        { model: "gpt-4o", deployment: "b" },
      ],
    });
    expect(twice.body.error.field).toBe("azureDeployments.1.model");
    const query = await put({ kind: "azure", baseUrl: "https://res.openai.azure.com/openai?api-version=2024-10-21" });
    expect(query.body.error).toMatchObject({ field: "baseUrl", message: expect.stringMatching(/API version field/) });
  });

  test("the admin key: set, kept, needed again for a new host, removed", async () => {
    const set = await put({ kind: "openai", apiKey: OPENAI_KEY, adminKey: ADMIN_KEY });
    expect(set.body.adminKey).toEqual({ set: true, masked: "sk-admin-…qrst", readable: true });
    expect(JSON.stringify(set.body)).not.toContain("canary");
    expect((await put({ kind: "openai", organization: "org-x" })).body.adminKey.set).toBe(true);
    const moved = await put({ kind: "compatible", baseUrl: "https://llm.example.com/v1", apiKey: "sk-other-0000" });
    expect(moved.body.error.field).toBe("adminKey");
    const removed = await put({ kind: "openai", removeAdminKey: true });
    expect(removed.body.adminKey.set).toBe(false);
    expect((await auditRows()).at(-1)?.after).toMatchObject({ adminKeyChanged: true, keyChanged: false, adminKeySet: false });
    const auditText = textOf(await auditRows());
    expect(auditText).not.toContain("canary");
    expect(
      (await put({ kind: "azure", baseUrl: "https://r.openai.azure.com/openai/v1", apiKey: "k1234", adminKey: ADMIN_KEY })).body.error
        .field,
    ).toBe("adminKey");
  });

  test("back to the sandbox: a fresh sandbox key that the sandbox accepts", async () => {
    const first = decryptSecret((await stored()).apiKeySealed as string);
    await put({ kind: "openai", apiKey: OPENAI_KEY, adminKey: ADMIN_KEY });
    const res = await put({ kind: "sandbox" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: "sandbox", baseUrl: null, organization: null, adminKey: { set: false } });
    const fresh = decryptSecret((await stored()).apiKeySealed as string);
    expect(fresh).toMatch(/^sk-sandbox-/);
    expect(fresh).not.toBe(first);
    expect(await sandboxAccepts(fresh)).toBe(true);
    // Saving the sandbox again changes nothing and records nothing.
    const count = (await auditRows()).length;
    await put({ kind: "sandbox" });
    expect(decryptSecret((await stored()).apiKeySealed as string)).toBe(fresh);
    expect((await auditRows()).length).toBe(count);
  });

  test("bad input names its field", async () => {
    expect((await put({ kind: "mainframe" })).body.error.field).toBe("kind");
    expect((await put({ kind: "openai", apiKey: "sk-with space" })).body.error.field).toBe("apiKey");
    expect((await put({ kind: "openai", apiKey: "sk-ok", organization: "org\r\nx-injected: 1" })).body.error.field).toBe("organization");
  });
});

describe("the URL guard at save", () => {
  const refused = [
    ["http://169.254.169.254/v1", /cloud metadata/],
    ["http://2852039166/v1", /cloud metadata/],
    ["http://0251.0376.0251.0376/v1", /cloud metadata/],
    ["http://[::ffff:169.254.169.254]/v1", /169\.254\.169\.254/],
    ["http://localhost:11434/v1", /loopback/],
    ["http://127.0.0.1:8000/v1", /loopback/],
    ["http://10.0.0.1:8000/v1", /SWITCHBOARD_ALLOW_PRIVATE_UPSTREAMS=true/],
    ["ftp://files.example.com/v1", /Only http/],
    ["https://user:pass@llm.example.com/v1", /user name or password/],
  ] as const;

  for (const [url, reason] of refused) {
    test(`refuses ${url}`, async () => {
      const res = await put({ kind: "compatible", baseUrl: url });
      expect(res.status).toBe(400);
      expect(res.body.error.field).toBe("baseUrl");
      expect(res.body.error.message).toMatch(reason);
      expect((await stored()).kind).toBe("sandbox");
    });
  }

  test("the private network is allowed when the instance owner says so, the metadata address never", async () => {
    process.env[ALLOW_PRIVATE_ENV] = "true";
    const lan = await put({ kind: "compatible", baseUrl: "http://10.0.0.1:8000/v1" });
    expect(lan.status).toBe(200);
    expect(lan.body.baseUrl).toBe("http://10.0.0.1:8000/v1");
    expect((await put({ kind: "compatible", baseUrl: "http://169.254.169.254/v1" })).status).toBe(400);
    expect((await put({ kind: "compatible", baseUrl: "http://127.0.0.1:8000/v1" })).status).toBe(400);
  });
});

describe("test connection", () => {
  test("the saved sandbox: models, latency, what it serves, stored with the time", async () => {
    const res = await runTest();
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, saved: true });
    expect(res.body.modelCount).toBeGreaterThan(0);
    expect(res.body.models).toContain("sandbox-chat");
    expect(res.body.latencyMs).toBeGreaterThanOrEqual(0);
    expect(res.body.capabilities).toEqual({
      responses: "available",
      chatCompletions: "available",
      embeddings: "available",
      files: "available",
      vectorStores: "available",
      batches: "available",
      fineTuning: "available",
    });
    const settings = await call(connection.GET, { as: admin, params: { projectId } });
    expect(settings.body.capabilities).toEqual(res.body.capabilities);
    expect(settings.body.testedAt).not.toBeNull();
  });

  test("a change of connection forgets what the last test found", async () => {
    await runTest();
    await put({ kind: "compatible", baseUrl: "https://llm.example.com/v1" });
    const row = await stored();
    expect(row.capabilities).toBeNull();
    expect(row.testedAt).toBeNull();
  });

  test("an unreachable upstream: the error in words, nothing stored", async () => {
    await put({ kind: "openai", baseUrl: UNRESOLVABLE, apiKey: OPENAI_KEY });
    const res = await runTest();
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: false, saved: false, modelCount: null, capabilities: null });
    expect(res.body.error).toMatch(/host name could not be resolved.*DNS lookup of upstream\.invalid/);
    expect(JSON.stringify(res.body)).not.toContain("canary");
    expect((await stored()).testedAt).toBeNull();
  });

  test("a draft is tested before saving and nothing of it is stored", async () => {
    await put({ kind: "openai", baseUrl: UNRESOLVABLE, apiKey: OPENAI_KEY });
    const prisma = await db();
    const keysBefore = await prisma.sandboxApiKey.count();
    const draft = await runTest({ kind: "sandbox" });
    expect(draft.body).toMatchObject({ ok: true, saved: false });
    expect(await prisma.sandboxApiKey.count()).toBe(keysBefore);
    expect((await stored()).kind).toBe("openai");
    expect((await stored()).capabilities).toBeNull();
  });

  test("a draft that is the saved connection stores what it found", async () => {
    const res = await runTest({ kind: "sandbox" });
    expect(res.body).toMatchObject({ ok: true, saved: true });
  });

  test("a draft for a new host needs the key, and the URL guard applies", async () => {
    await put({ kind: "openai", apiKey: OPENAI_KEY });
    const moved = await runTest({ kind: "compatible", baseUrl: "https://llm.example.com/v1" });
    expect(moved.status).toBe(400);
    expect(moved.body.error.field).toBe("apiKey");
    const metadata = await runTest({ kind: "compatible", baseUrl: "http://169.254.169.254/latest", apiKey: "x" });
    expect(metadata.status).toBe(400);
    expect(metadata.body.error.field).toBe("baseUrl");
  });

  test("the sandbox key a draft test needed is withdrawn after the test", async () => {
    await put({ kind: "compatible", baseUrl: "https://llm.example.com/v1" });
    const prisma = await db();
    const issued = await prisma.sandboxApiKey.findMany({ select: { keyHash: true } });
    await runTest({ kind: "sandbox" });
    const after = await prisma.sandboxApiKey.findMany({ select: { keyHash: true } });
    expect(after).toEqual(issued);
    expect(after.map((k) => k.keyHash)).not.toContain(hashSandboxKey("anything"));
  });
});
