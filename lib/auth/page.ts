import "server-only";
import { cookies, headers } from "next/headers";
import { forbidden, notFound, redirect } from "next/navigation";
import { isSetupComplete } from "@/lib/setup/service";
import { type InstancePermission, instanceRoleAllows, type ProjectPermission } from "./permissions";
import { findProjectAccess, type ProjectAccess } from "./project-access";
import { type SessionUser, sessionCookieName, userFromSessionToken } from "./session";

/** For server pages: the signed-in person, or a redirect to setup or sign-in. */
export async function requirePageUser(): Promise<SessionUser> {
  if (!(await isSetupComplete())) redirect("/setup");
  const user = await currentPageUser();
  if (!user) redirect(await signInUrl());
  return user;
}

async function signInUrl(): Promise<string> {
  const path = (await headers()).get("x-switchboard-path");
  return path && path !== "/" && path.startsWith("/") && !path.startsWith("//") ? `/sign-in?next=${encodeURIComponent(path)}` : "/sign-in";
}

export async function currentPageUser(): Promise<SessionUser | null> {
  return userFromSessionToken((await cookies()).get(sessionCookieName())?.value);
}

export async function requirePageProject(
  projectId: string,
  permission: ProjectPermission = "project.read",
): Promise<{ user: SessionUser; access: ProjectAccess }> {
  const user = await requirePageUser();
  const visible = await findProjectAccess(user, projectId, "project.read");
  if (!visible) notFound();
  if (permission === "project.read") return { user, access: visible };
  const allowed = await findProjectAccess(user, projectId, permission);
  if (!allowed) forbidden();
  return { user, access: allowed };
}

export async function requirePageInstancePermission(permission: InstancePermission): Promise<SessionUser> {
  const user = await requirePageUser();
  if (!instanceRoleAllows(user.instanceRole, permission)) forbidden();
  return user;
}
