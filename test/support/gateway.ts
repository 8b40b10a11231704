import http from "node:http";
import type { AddressInfo } from "node:net";
import OpenAI from "openai";
import type { z } from "zod";
import { createKeyInput } from "@/lib/api-keys/schema";
import { createKey } from "@/lib/api-keys/service";
import { createGatewayServer, type GatewayOptions } from "@/lib/gateway/gateway";
import { makeUser } from "./fixtures";

/** The gateway's lean door on a free loopback port, as server.ts serves it. */
export async function startGateway(options: GatewayOptions) {
  const serve = createGatewayServer(options);
  const server = http.createServer((req, res) => {
    serve(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    client: (apiKey: string) => new OpenAI({ baseURL: `${origin}/v1`, apiKey, maxRetries: 0, timeout: 30_000 }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let admin: { id: string; email: string; name: string; instanceRole: "owner" } | undefined;

/** A key made the way the console makes one (an instance owner acting as project admin). */
export async function makeKey(projectId: string, input: Partial<z.input<typeof createKeyInput>> = {}) {
  if (!admin) {
    const user = await makeUser("owner");
    admin = { id: user.id, email: user.email, name: user.name, instanceRole: "owner" };
  }
  const parsed = createKeyInput.parse({ name: "test key", owner: { type: "user" }, ...input });
  return createKey(admin, projectId, parsed, { ip: null, userAgent: null });
}
