import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { connectionSummary } from "@/lib/upstream/connections";
import { createConsoleProxy } from "@/lib/upstream/console-proxy";
import { createGuardedDispatcher, type LookupFunction } from "@/lib/upstream/guarded-dispatcher";
import { makeProject, makeUser } from "./support/fixtures";
import { proxyRequest } from "./support/proxy";
import { sandboxForThisFile } from "./support/sandbox-server";
import { connectProject, loopback } from "./support/upstream";

// A canary upstream key is configured, every failure is provoked, and the canary is looked for in
// everything that leaves the server or stays in it: responses, streams, headers, log output and
// database rows. Only its ciphertext may hold it, and ciphertext does not contain plaintext.

const CANARY = `sk-canary-${randomBytes(16).toString("hex")}`;
// A second key the upstream refuses, for the 401 path: the upstream's error mentions a key.
const REFUSED_CANARY = `sk-refused-canary-${randomBytes(16).toString("hex")}`;

const sandbox = sandboxForThisFile(CANARY);
const seen: string[] = [];
const logSpies = (["log", "info", "warn", "error", "debug"] as const).map((level) =>
  vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
    seen.push(args.map((arg) => (arg instanceof Error ? `${arg.message}\n${arg.stack}` : String(arg))).join(" "));
  }),
);
afterAll(() => {
  for (const spy of logSpies) spy.mockRestore();
});

let member: { id: string };
let working: string;
let refused: string;
let blocked: string;
let unresolvable: string;

beforeAll(async () => {
  member = await makeUser();
  const project = (name: string) => makeProject(name, [{ userId: member.id, role: "member" }]).then((p) => p.id);
  working = await project("Canary");
  refused = await project("Refused");
  blocked = await project("Blocked");
  unresolvable = await project("Unresolvable");
  await connectProject(working, sandbox.baseURL, CANARY);
  await connectProject(refused, sandbox.baseURL, REFUSED_CANARY);
  await connectProject(blocked, "http://169.254.169.254/v1", CANARY);
  await connectProject(unresolvable, "https://no-such-host.example/v1", CANARY);
});

const toLoopback = createConsoleProxy({ dispatcher: loopback, retryDelaysMs: [1, 1], timeouts: { headersMs: 300 } });
const guarded = createConsoleProxy({ retryDelaysMs: [1, 1] });
const failingLookup: LookupFunction = (hostname, _options, callback) => {
  const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
  error.code = "ENOTFOUND";
  callback(error, []);
};
const unresolving = createConsoleProxy({ dispatcher: createGuardedDispatcher({ allowPrivateNetworks: false }, { lookup: failingLookup }) });

async function capture(response: Response): Promise<string> {
  const headers = [...response.headers.entries()].map(([name, value]) => `${name}: ${value}`).join("\n");
  let body = "";
  try {
    body = await response.text();
  } catch (error) {
    body = `(stream failed: ${(error as Error).message})`;
  }
  const text = `${response.status}\n${headers}\n\n${body}`;
  seen.push(text);
  return text;
}

describe("an upstream key never leaves the server", () => {
  it("is in no response, stream, header, log line or database row, whatever goes wrong", async () => {
    const chat = { model: "sandbox-chat", messages: [{ role: "user", content: "Repeat after me: hello" }] };
    const calls: [typeof toLoopback, string, string, Parameters<typeof proxyRequest>[3]][] = [
      [toLoopback, working, "/models", { as: member }],
      [toLoopback, working, "/responses", { as: member, body: { model: "sandbox-chat", input: "hi", stream: true } }],
      [toLoopback, working, "/chat/completions", { as: member, body: { ...chat, stream: true } }],
      [toLoopback, refused, "/models", { as: member }],
      [
        toLoopback,
        working,
        "/responses",
        { as: member, body: { model: "sandbox-chat", input: "hi" }, headers: { "x-sandbox-fault": "429" } },
      ],
      [
        toLoopback,
        working,
        "/responses",
        { as: member, body: { model: "sandbox-chat", input: "hi" }, headers: { "x-sandbox-fault": "500" } },
      ],
      [
        toLoopback,
        working,
        "/responses",
        { as: member, body: { model: "sandbox-chat", input: "hi" }, headers: { "x-sandbox-fault": "timeout" } },
      ],
      [
        toLoopback,
        working,
        "/responses",
        { as: member, body: { model: "sandbox-chat", input: "hi", stream: true }, headers: { "x-sandbox-fault": "cut-stream" } },
      ],
      [toLoopback, working, "/responses", { as: member, body: { model: "sandbox-chat", input: 42 } }],
      [toLoopback, working, "/chat/completions", { as: member, body: { ...chat, model: "no-such-model" } }],
      [guarded, blocked, "/models", { as: member }],
      [unresolving, unresolvable, "/models", { as: member }],
    ];
    const statuses: number[] = [];
    for (const [proxy, projectId, path, options] of calls) {
      const response = await proxyRequest(proxy, projectId, path, options);
      statuses.push(response.status);
      await capture(response);
    }
    // Every failure really happened: 401, 429, 500, timeout, invalid input, unknown model, blocked, DNS.
    expect(statuses).toEqual([200, 200, 200, 401, 429, 500, 504, 200, 400, 404, 502, 502]);
    for (const projectId of [working, refused, blocked]) seen.push(JSON.stringify(await connectionSummary(projectId)));

    for (const text of seen) {
      expect(text).not.toContain(CANARY);
      expect(text).not.toContain(REFUSED_CANARY);
      // Not even most of it.
      expect(text).not.toContain(CANARY.slice(10, 30));
    }

    const prisma = await db();
    const tables = await prisma.$queryRawUnsafe<{ name: string }[]>(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
    );
    expect(tables.length).toBeGreaterThan(5);
    for (const { name } of tables) {
      const rows = await prisma.$queryRawUnsafe<{ row: string }[]>(`SELECT row_to_json(t)::text AS row FROM "${name}" t`);
      for (const { row } of rows) {
        expect(row, `table ${name}`).not.toContain(CANARY);
        expect(row, `table ${name}`).not.toContain(REFUSED_CANARY);
      }
    }
  });
});
