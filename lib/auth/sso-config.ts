import "server-only";
import type { InstanceRole } from "./permissions";

// Single sign-on by OpenID Connect, configured by environment variables (README, "Invitations and
// single sign-on"). Read on every use: the values are known only at run time, not at build time.
export interface SsoConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  displayName: string;
  /** Lower-case domains; empty allows every domain. */
  allowedDomains: string[];
  defaultRole: Exclude<InstanceRole, "owner">;
}

export function ssoConfig(): SsoConfig | null {
  const issuer = process.env.OIDC_ISSUER?.trim();
  const clientId = process.env.OIDC_CLIENT_ID?.trim();
  if (!issuer || !clientId) return null;
  const role = process.env.OIDC_DEFAULT_ROLE?.trim() || "member";
  if (role !== "member" && role !== "admin") {
    throw new Error("OIDC_DEFAULT_ROLE must be member or admin (owners are made by an owner)");
  }
  return {
    issuer: issuer.replace(/\/+$/, ""),
    clientId,
    clientSecret: process.env.OIDC_CLIENT_SECRET?.trim() ?? "",
    displayName: process.env.OIDC_DISPLAY_NAME?.trim() || "single sign-on",
    allowedDomains: (process.env.OIDC_ALLOWED_DOMAINS ?? "")
      .split(",")
      .map((domain) => domain.trim().toLowerCase().replace(/^@/, ""))
      .filter(Boolean),
    defaultRole: role,
  };
}

/** Email and password sign-in; `PASSWORD_SIGN_IN=false` turns it off (only when SSO is set up). */
export function passwordSignInEnabled(): boolean {
  return process.env.PASSWORD_SIGN_IN?.trim().toLowerCase() !== "false" || !ssoConfig();
}

export function emailDomainAllowed(config: SsoConfig, email: string): boolean {
  if (config.allowedDomains.length === 0) return true;
  const domain = email.slice(email.lastIndexOf("@") + 1).toLowerCase();
  return config.allowedDomains.includes(domain);
}
