// The bench instance's database, opened while no server runs on it (an embedded PGlite directory
// takes one process at a time). Run with the instance's SWITCHBOARD_DATA_DIR and SWITCHBOARD_SECRET:
//
//   instance-database.ts connect PROJECT_ID USER_ID BASE_URL API_KEY
//     points the project at an OpenAI-compatible upstream (the row the connection settings save,
//     the key sealed with the server secret) and prints {"sessionToken":…} for the user;
//   instance-database.ts key PROJECT_ID USER_ID
//     creates a gateway API key for the project with a rate limit and a budget, prints {"secret":…};
//   instance-database.ts usage
//     prints {"table":bool,"rows":n,"outboxLines":n}: usage events stored, and still in the outbox.
import fs from "node:fs";
import path from "node:path";
import { issueSessionToken } from "@/lib/auth/session";
import { dataDir } from "@/lib/config/server-env";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { closeDatabase, db } from "@/lib/db/client";

async function connect(projectId: string, userId: string, baseUrl: string, apiKey: string) {
  const prisma = await db();
  const data = { kind: "compatible" as const, baseUrl, apiKeySealed: encryptSecret(apiKey), apiKeyLast4: apiKey.slice(-4) };
  await prisma.upstreamConnection.upsert({ where: { projectId }, create: { projectId, ...data }, update: data });
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, sessionVersion: true } });
  return { sessionToken: await issueSessionToken(user) };
}

async function key(projectId: string, userId: string) {
  const { createKey } = await import("@/lib/api-keys/service");
  const { createKeyInput } = await import("@/lib/api-keys/schema");
  const prisma = await db();
  const user = await prisma.user.findUniqueOrThrow({
    where: { id: userId },
    select: { id: true, email: true, name: true, instanceRole: true },
  });
  // A price for the bench upstream's model, so the budget really reserves and settles a cost.
  await prisma.modelPrice.create({
    data: { model: "bench-model", effectiveFrom: new Date(0), inputMicrosPerMillion: 1_000_000, outputMicrosPerMillion: 4_000_000 },
  });
  // Limits far above what the bench reaches: every call is checked and counted, none refused.
  const input = createKeyInput.parse({
    name: "bench",
    owner: { type: "user" },
    requestsPerMinute: 100_000_000,
    tokensPerMinute: 1_000_000_000,
    monthlyBudgetUsd: 1_000_000,
  });
  const { secret } = await createKey(user, projectId, input, { ip: null, userAgent: null });
  return { secret };
}

function outboxLines(): number {
  const dir = path.join(dataDir(), "usage-outbox");
  if (!fs.existsSync(dir)) return 0;
  let lines = 0;
  for (const name of fs.readdirSync(dir)) {
    const text = fs.readFileSync(path.join(dir, name), "utf8");
    lines += text.split("\n").filter((line) => line.trim()).length;
  }
  return lines;
}

async function usage() {
  const prisma = await db();
  const [{ exists }] = await prisma.$queryRawUnsafe<{ exists: boolean }[]>(
    `SELECT to_regclass('public."UsageEvent"') IS NOT NULL AS "exists"`,
  );
  const rows = exists ? Number((await prisma.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "UsageEvent"`))[0].n) : 0;
  return { table: exists, rows, outboxLines: outboxLines() };
}

const [command, ...args] = process.argv.slice(2);
try {
  const [projectId, userId, baseUrl, apiKey] = args;
  const result =
    command === "connect"
      ? await connect(projectId, userId, baseUrl, apiKey)
      : command === "key"
        ? await key(projectId, userId)
        : command === "usage"
          ? await usage()
          : null;
  if (!result) throw new Error("usage: instance-database.ts connect PROJECT_ID USER_ID BASE_URL API_KEY | key PROJECT_ID USER_ID | usage");
  console.log(JSON.stringify(result));
} finally {
  await closeDatabase();
}
