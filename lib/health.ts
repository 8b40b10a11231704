import "server-only";
import { appVersion, databaseTarget } from "@/lib/config/server-env";
import { getDatabase } from "@/lib/db/client";

const TIMEOUT_MS = 2000;

export async function checkHealth(): Promise<{ status: "ok" | "unavailable"; database: string; version: string }> {
  let kind: string;
  try {
    kind = databaseTarget().kind;
  } catch {
    return { status: "unavailable", database: "misconfigured", version: appVersion };
  }
  try {
    // Opening may include migrations on first use; only the query itself is held to the timeout.
    const database = await getDatabase();
    await withTimeout(database.prisma.$queryRaw`SELECT 1`);
    return { status: "ok", database: kind, version: appVersion };
  } catch {
    return { status: "unavailable", database: kind, version: appVersion };
  }
}

function withTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("database did not answer in time")), TIMEOUT_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
