import "server-only";
import { calledWithAdminKey } from "../auth";
import type { SandboxContext } from "../context";
import { SandboxError } from "../errors";

/**
 * The Admin API (/organization/…) answers only admin keys, as OpenAI's does: a project key gets
 * the 401 naming the scope it lacks. `scope` defaults to what the method needs on the management
 * endpoints; the usage endpoints pass api.usage.read.
 */
export function requireAdminKey(ctx: SandboxContext, scope?: string): void {
  if (calledWithAdminKey(ctx.request)) return;
  const needed = scope ?? (ctx.request.method === "GET" ? "api.management.read" : "api.management.write");
  throw new SandboxError(
    401,
    `You have insufficient permissions for this operation. Missing scopes: ${needed}. Check that you have the correct role in your organization (Owner), and if you're using a restricted API key, that it has the necessary scopes. The Administration API needs an admin key.`,
    "invalid_request_error",
    null,
    null,
  );
}
