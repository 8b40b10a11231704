import { expect, test } from "vitest";
import { GET as health } from "@/app/api/health/route";
import { closeDatabase } from "@/lib/db/client";
import { call } from "./support/http";

test("health is 503 when the database does not answer", async () => {
  await closeDatabase();
  const saved = process.env.DATABASE_URL;
  // Port 1 on loopback: nothing listens, the connection is refused at once.
  process.env.DATABASE_URL = "postgres://nobody@127.0.0.1:1/none";
  try {
    const res = await call(health);
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ status: "unavailable", database: "postgres" });
    expect(JSON.stringify(res.body)).not.toContain("127.0.0.1");
  } finally {
    process.env.DATABASE_URL = saved;
  }
  expect((await call(health)).status).toBe(200);
});
