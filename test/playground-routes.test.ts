import { beforeAll, describe, expect, test } from "vitest";
import * as prices from "@/app/api/projects/[projectId]/prices/route";
import * as prompt from "@/app/api/projects/[projectId]/prompts/[promptId]/route";
import * as versions from "@/app/api/projects/[projectId]/prompts/[promptId]/versions/route";
import * as prompts from "@/app/api/projects/[projectId]/prompts/route";
import { db } from "@/lib/db/client";
import { emptySetup, newMessage } from "@/lib/playground/state";
import { makeProject, makeUser } from "./support/fixtures";
import { call } from "./support/http";

describe("saved prompts and prices for the playground", () => {
  let member: { id: string };
  let viewer: { id: string };
  let projectId: string;
  let otherProjectId: string;

  beforeAll(async () => {
    member = await makeUser();
    viewer = await makeUser();
    const project = await makeProject("Prompts", [
      { userId: member.id, role: "member" },
      { userId: viewer.id, role: "viewer" },
    ]);
    projectId = project.id;
    otherProjectId = (await makeProject("Other", [{ userId: member.id, role: "member" }])).id;
  });

  test("saving under one name adds versions; each version opens exactly as saved", async () => {
    const first = { ...emptySetup("sandbox-chat"), instructions: "v1", messages: [newMessage("user", "Hi")] };
    const saved = await call(prompts.POST, { as: member, params: { projectId }, body: { name: "Triage", setup: first } });
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({ name: "Triage", version: 1 });
    const second = { ...first, instructions: "v2" };
    const again = await call(prompts.POST, { as: member, params: { projectId }, body: { name: "Triage", setup: second } });
    expect(again.body).toMatchObject({ id: saved.body.id, version: 2 });
    const third = await call(versions.POST, {
      as: member,
      params: { projectId, promptId: saved.body.id },
      body: { setup: { ...first, instructions: "v3" } },
    });
    expect(third.body.version).toBe(3);

    const list = await call(prompts.GET, { as: viewer, params: { projectId } });
    expect(list.body.prompts).toEqual([expect.objectContaining({ name: "Triage", latestVersion: 3 })]);
    const v2 = await call(prompt.GET, { as: viewer, params: { projectId, promptId: saved.body.id }, path: `/api/x?version=2` });
    expect(v2.body.setup).toEqual(second);
    expect(v2.body.versions.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
    const latest = await call(prompt.GET, { as: viewer, params: { projectId, promptId: saved.body.id } });
    expect(latest.body.setup.instructions).toBe("v3");
  });

  test("bad input names the field; another project's prompt is not found; viewers cannot save", async () => {
    const bad = await call(prompts.POST, { as: member, params: { projectId }, body: { name: "", setup: emptySetup() } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe("name");
    const badSetup = await call(prompts.POST, { as: member, params: { projectId }, body: { name: "X", setup: { api: "soap" } } });
    expect(badSetup.status).toBe(400);
    expect(badSetup.body.error.field).toBe("setup.api");
    const mine = await call(prompts.POST, { as: member, params: { projectId }, body: { name: "Mine", setup: emptySetup() } });
    const elsewhere = await call(prompt.GET, { as: member, params: { projectId: otherProjectId, promptId: mine.body.id } });
    expect(elsewhere.status).toBe(404);
    const missingVersion = await call(prompt.GET, { as: member, params: { projectId, promptId: mine.body.id }, path: "/api/x?version=9" });
    expect(missingVersion.status).toBe(404);
    const viewerSave = await call(prompts.POST, { as: viewer, params: { projectId }, body: { name: "V", setup: emptySetup() } });
    expect(viewerSave.status).toBe(403);
  });

  test("prices: the rate in effect now, the project's own preferred, ft: models priced as their base", async () => {
    const prisma = await db();
    await prisma.modelPrice.create({
      data: {
        model: "sandbox-chat",
        projectId,
        effectiveFrom: new Date(Date.now() - 1000),
        inputMicrosPerMillion: 1,
        cachedInputMicrosPerMillion: null,
        outputMicrosPerMillion: 2,
      },
    });
    const res = await call(prices.GET, {
      as: viewer,
      params: { projectId },
      path: "/api/x?models=sandbox-chat,ft:sandbox-chat-mini:org::abc,nope",
    });
    expect(res.status).toBe(200);
    expect(res.body.prices).toEqual([
      { model: "sandbox-chat", inputMicrosPerMillion: 1, cachedInputMicrosPerMillion: null, outputMicrosPerMillion: 2 },
      {
        model: "ft:sandbox-chat-mini:org::abc",
        inputMicrosPerMillion: 100000,
        cachedInputMicrosPerMillion: 25000,
        outputMicrosPerMillion: 400000,
      },
    ]);
    const other = await call(prices.GET, { as: member, params: { projectId: otherProjectId }, path: "/api/x?models=sandbox-chat" });
    expect(other.body.prices[0].inputMicrosPerMillion).toBe(400000);
    const all = await call(prices.GET, { as: member, params: { projectId: otherProjectId } });
    expect(all.body.prices.length).toBeGreaterThan(2);
  });
});
