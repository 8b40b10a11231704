import { expect, test } from "vitest";
import { POST as createProject } from "@/app/api/projects/route";
import { POST as setup } from "@/app/api/setup/route";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { sandboxHandler } from "@/lib/sandbox/handler";
import { call } from "./support/http";

async function models(key: string) {
  return sandboxHandler(new Request("http://localhost/sandbox/v1/models", { headers: { authorization: `Bearer ${key}` } }));
}

test("a fresh install's first project, and every new project, talks to the sandbox with a key of its own", async () => {
  const res = await call(setup, { body: { name: "Ada", email: "ada@example.com", password: "a long passphrase 1", projectName: "First" } });
  expect(res.status).toBe(201);
  const prisma = await db();
  const owner = await prisma.user.findFirstOrThrow();
  const second = await call(createProject, { as: owner, body: { name: "Second" } });

  const connections = await prisma.upstreamConnection.findMany({ orderBy: { createdAt: "asc" } });
  expect(connections.map((c) => [c.projectId, c.kind])).toEqual([
    [res.body.project.id, "sandbox"],
    [second.body.id, "sandbox"],
  ]);
  const keys = connections.map((c) => decryptSecret(c.apiKeySealed as string));
  expect(keys[0]).not.toBe(keys[1]);
  for (const [i, key] of keys.entries()) {
    expect(key).toMatch(/^sk-sandbox-/);
    expect(connections[i].apiKeyLast4).toBe(key.slice(-4));
    expect(connections[i].apiKeySealed).not.toContain(key.slice(11));
    expect((await models(key)).status).toBe(200);
  }
  // Only hashes of sandbox keys are stored on the sandbox's side.
  const stored = JSON.stringify(await prisma.sandboxApiKey.findMany());
  for (const key of keys) expect(stored).not.toContain(key.slice(11));
  expect((await models("sk-sandbox-not-issued-0000000000000000")).status).toBe(401);
});
