import "server-only";
import { decode, encode } from "next-auth/jwt";
import { usesSecureCookies } from "@/lib/config/public-url";
import { serverSecret } from "@/lib/crypto/server-secret";
import { db } from "@/lib/db/client";
import type { InstanceRole } from "./permissions";

export const SESSION_MAX_AGE_SECONDS = Number(process.env.SESSION_MAX_AGE_HOURS || 12) * 3600;

export function sessionCookieName(): string {
  return `${usesSecureCookies() ? "__Secure-" : ""}next-auth.session-token`;
}

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  instanceRole: InstanceRole;
}

// The token carries the user id and the user's session version; everything else is read fresh
// from the database, so a role change, deactivation or password reset takes effect at once.
export interface SessionToken {
  sub: string;
  sv: number;
}

export function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  // next-auth splits large tokens into name.0, name.1…; ours are small, but read both forms.
  const jar = new Map<string, string>();
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0) jar.set(part.slice(0, eq).trim(), decodeURIComponent(part.slice(eq + 1).trim()));
  }
  if (jar.has(name)) return jar.get(name);
  const chunks: string[] = [];
  for (let i = 0; jar.has(`${name}.${i}`); i++) chunks.push(jar.get(`${name}.${i}`) as string);
  return chunks.length ? chunks.join("") : undefined;
}

/** The token's claims when it is ours, intact and unexpired; says nothing yet about the user. */
export async function decodeSessionToken(token: string | undefined): Promise<SessionToken | null> {
  if (!token) return null;
  let payload: Record<string, unknown> | null;
  try {
    payload = (await decode({ token, secret: serverSecret() })) as Record<string, unknown> | null;
  } catch {
    return null;
  }
  if (!payload || typeof payload.sub !== "string" || typeof payload.sv !== "number") return null;
  return { sub: payload.sub, sv: payload.sv };
}

export interface SessionUserRow extends SessionUser {
  status: string;
  sessionVersion: number;
}

/** The signed-in user, if the row is still active and the session is of its current version. */
export function sessionUserFrom(row: SessionUserRow | null | undefined, token: SessionToken): SessionUser | null {
  if (row?.status !== "active" || row.sessionVersion !== token.sv) return null;
  return { id: row.id, email: row.email, name: row.name, instanceRole: row.instanceRole };
}

export async function userFromSessionToken(token: string | undefined): Promise<SessionUser | null> {
  const claims = await decodeSessionToken(token);
  if (!claims) return null;
  const prisma = await db();
  const user = await prisma.user.findUnique({
    where: { id: claims.sub },
    select: { id: true, email: true, name: true, instanceRole: true, status: true, sessionVersion: true },
  });
  return sessionUserFrom(user, claims);
}

export async function userFromRequest(request: Request): Promise<SessionUser | null> {
  return userFromSessionToken(readCookie(request.headers.get("cookie"), sessionCookieName()));
}

/** A session cookie for a user, as next-auth would issue it (used by tests and scripts). */
export async function issueSessionToken(user: { id: string; sessionVersion: number }): Promise<string> {
  return encode({ token: { sub: user.id, sv: user.sessionVersion }, secret: serverSecret(), maxAge: SESSION_MAX_AGE_SECONDS });
}

/** A Set-Cookie value for a session token, with the attributes next-auth gives its own. */
export function sessionCookieHeader(token: string): string {
  const secure = usesSecureCookies() ? "; Secure" : "";
  return `${sessionCookieName()}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${SESSION_MAX_AGE_SECONDS}${secure}`;
}
