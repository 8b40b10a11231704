import "server-only";
import { INSTANCE_PERMISSIONS, type InstancePermission, instanceRoleAllows, type ProjectPermission } from "@/lib/auth/permissions";
import { type ProjectAccess, requireProjectAccess } from "@/lib/auth/project-access";
import { type SessionUser, userFromRequest } from "@/lib/auth/session";
import { publicUrl } from "@/lib/config/public-url";
import { AppError, errorBody } from "./errors";

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

export interface UserContext<P> {
  request: Request;
  params: P;
  user: SessionUser;
  meta: RequestMeta;
}

export interface ProjectContext<P> extends UserContext<P> {
  access: ProjectAccess;
}

type NextRouteContext = { params: Promise<Record<string, string | string[]>> };
type Handler<C> = (ctx: C) => Promise<unknown>;

export function json(data: unknown, status = 200): Response {
  return Response.json(data, { status, headers: { "cache-control": "no-store" } });
}

function toResponse(result: unknown): Response {
  if (result instanceof Response) return result;
  if (result === undefined) return new Response(null, { status: 204 });
  return json(result);
}

function errorResponse(error: unknown): Response {
  const { status, body } = errorBody(error);
  if (status >= 500) console.error("[api] unexpected error:", error instanceof Error ? error.message : error);
  return json(body, status);
}

export function requestMeta(request: Request): RequestMeta {
  return {
    ip: request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || null,
    userAgent: request.headers.get("user-agent"),
  };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

// Cookies ride along on cross-site requests; a changing request must come from our own pages.
export function assertSameOrigin(request: Request): void {
  if (SAFE_METHODS.has(request.method)) return;
  const origin = request.headers.get("origin");
  if (!origin) {
    if (request.headers.get("sec-fetch-site") === "same-origin") return;
    throw new AppError("forbidden", "Cross-site request refused: the Origin header is missing");
  }
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw new AppError("forbidden", "Cross-site request refused: the Origin header is malformed");
  }
  const requestHost = request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? new URL(request.url).host;
  if (host !== requestHost && host !== publicUrl().host) {
    throw new AppError("forbidden", "Cross-site request refused");
  }
}

async function params(context: NextRouteContext | undefined): Promise<Record<string, string>> {
  return ((await context?.params) ?? {}) as Record<string, string>;
}

/** A route anyone may call (health, setup, sign-in helpers). */
export function publicRoute<P = Record<string, string>>(handler: Handler<{ request: Request; params: P; meta: RequestMeta }>) {
  return async (request: Request, context?: NextRouteContext): Promise<Response> => {
    try {
      assertSameOrigin(request);
      return toResponse(await handler({ request, params: (await params(context)) as P, meta: requestMeta(request) }));
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** A route for any signed-in person, optionally limited by an instance permission. */
export function withUser<P = Record<string, string>>(handler: Handler<UserContext<P>>, options: { permission?: InstancePermission } = {}) {
  return async (request: Request, context?: NextRouteContext): Promise<Response> => {
    try {
      const user = await userFromRequest(request);
      if (!user) throw new AppError("unauthorized", "Sign in to continue");
      assertSameOrigin(request);
      if (options.permission && !instanceRoleAllows(user.instanceRole, options.permission)) {
        throw new AppError("forbidden", `This needs the instance ${INSTANCE_PERMISSIONS[options.permission]} role`);
      }
      return toResponse(await handler({ request, user, params: (await params(context)) as P, meta: requestMeta(request) }));
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** A route under /api/projects/[projectId]: the caller must hold the permission in that project. */
export function withProject<P extends { projectId: string } = { projectId: string }>(
  permission: ProjectPermission,
  handler: Handler<ProjectContext<P>>,
) {
  return withUser<P>(async (ctx) => {
    const access = await requireProjectAccess(ctx.user, ctx.params.projectId, permission);
    return handler({ ...ctx, access });
  });
}
