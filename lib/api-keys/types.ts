import type { KeyPermissions } from "./schema";

// A key as the console lists it: never the secret nor its hash.

export type KeyStatus = "active" | "expired" | "revoked" | "over_budget";

export interface KeyView {
  id: string;
  name: string;
  owner: { type: "user"; id: string | null; name: string } | { type: "service_account"; id: string; name: string };
  lastFour: string;
  previousLastFour: string | null;
  previousExpiresAt: string | null;
  permissions: KeyPermissions;
  allowedModels: string[] | null;
  expiresAt: string | null;
  revokedAt: string | null;
  requestsPerMinute: number | null;
  tokensPerMinute: number | null;
  monthlyBudgetUsd: number | null;
  budgetAction: "block" | "alert";
  createdAt: string;
  lastUsedAt: string | null;
  /**
   * This month (UTC): calls made upstream and their cost, and calls the key's own limits refused
   * (429), with when the latest of those was.
   */
  month: { requests: number; spentUsd: number; refused: { rateLimited: number; overBudget: number; lastAt: string | null } };
  status: KeyStatus;
}
