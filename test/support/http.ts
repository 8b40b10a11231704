import { issueSessionToken, sessionCookieName } from "@/lib/auth/session";
import { db } from "@/lib/db/client";

type RouteHandler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

export interface CallOptions {
  method?: string;
  path?: string;
  body?: unknown;
  rawBody?: string;
  as?: { id: string } | null;
  params?: Record<string, string>;
  headers?: Record<string, string>;
}

export const ORIGIN = "http://localhost:3000";

/** Calls a route handler with a real Request, signed in as `as` (a user row) when given. */
export async function call(handler: RouteHandler, options: CallOptions = {}) {
  const method = options.method ?? (options.body !== undefined || options.rawBody !== undefined ? "POST" : "GET");
  const headers = new Headers({ origin: ORIGIN, host: "localhost:3000", ...options.headers });
  if (options.as) headers.set("cookie", `${sessionCookieName()}=${await sessionCookieFor(options.as.id)}`);
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers.set("content-type", "application/json");
  }
  const request = new Request(`${ORIGIN}${options.path ?? "/api/test"}`, { method, headers, body });
  const response = await handler(request, { params: Promise.resolve(options.params ?? {}) });
  const text = await response.text();
  // JSON bodies are parsed; others (a CSV export) are returned as text.
  const isJson = (response.headers.get("content-type") ?? "application/json").includes("json");
  return { status: response.status, headers: response.headers, body: text ? (isJson ? JSON.parse(text) : text) : null };
}

export async function sessionCookieFor(userId: string): Promise<string> {
  const prisma = await db();
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, sessionVersion: true } });
  return issueSessionToken(user);
}
