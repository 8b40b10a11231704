import http from "node:http";
import type { AddressInfo } from "node:net";
import { Agent } from "undici";
import { afterAll, beforeAll } from "vitest";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import type { UsageEventInput } from "@/lib/usage/record";
import { waitFor } from "./sandbox-server";

/** A hand-made upstream on 127.0.0.1 for what the sandbox cannot do on demand (exact bytes, hangs, redirects). */
export async function startFakeUpstream(handler: http.RequestListener) {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type FakeUpstream = Awaited<ReturnType<typeof startFakeUpstream>>;

export function fakeUpstreamForThisFile(handler: http.RequestListener): FakeUpstream {
  const handle = {} as FakeUpstream;
  beforeAll(async () => {
    Object.assign(handle, await startFakeUpstream(handler));
  });
  afterAll(async () => handle.close());
  return handle;
}

/**
 * Points a project at an HTTP upstream, as a saved connection. Written straight to the table: the
 * settings service would (rightly) refuse a loopback URL. Calls then need a plain Agent (`loopback`).
 */
export async function connectProject(projectId: string, baseUrl: string, apiKey: string) {
  const prisma = await db();
  const data = { kind: "compatible" as const, baseUrl, apiKeySealed: encryptSecret(apiKey), apiKeyLast4: apiKey.slice(-4) };
  await prisma.upstreamConnection.upsert({ where: { projectId }, create: { projectId, ...data }, update: data });
}

/** The dispatcher tests use for upstreams on 127.0.0.1, which the guarded one refuses. */
export const loopback = new Agent({ keepAliveTimeout: 1000 });

/** Collects the usage events the core records, for tests of the core alone. */
export function usageCollector() {
  const events: UsageEventInput[] = [];
  return {
    events,
    record: (event: UsageEventInput) => events.push(event),
    /** Waits for an event after the first `count` (a call is recorded as its answer ends, maybe a turn or more after the body is read). */
    recordedAfter: (count: number) => waitFor(() => events.length > count, "the call's usage event"),
  };
}
