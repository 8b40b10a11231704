import { z } from "zod";

// What a project API key may do, shared by the console's form and the server.

export const ENDPOINT_GROUPS = ["responses", "embeddings", "files", "vector_stores", "batches", "fine_tuning", "models"] as const;
export type EndpointGroup = (typeof ENDPOINT_GROUPS)[number];

export const ENDPOINT_GROUP_LABELS: Record<EndpointGroup, string> = {
  responses: "Responses and chat",
  embeddings: "Embeddings",
  files: "Files and uploads",
  vector_stores: "Vector stores",
  batches: "Batches",
  fine_tuning: "Fine-tuning",
  models: "Models",
};

export const keyPermissions = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("all") }),
  z.object({ mode: z.literal("read") }),
  z.object({
    mode: z.literal("groups"),
    groups: z.array(z.enum(ENDPOINT_GROUPS)).min(1, "Pick at least one endpoint group").max(ENDPOINT_GROUPS.length),
  }),
]);
export type KeyPermissions = z.infer<typeof keyPermissions>;

const modelId = z.string().trim().min(1).max(200);
const positiveLimit = (what: string) =>
  z
    .number({ error: `${what} must be a number, like 60` })
    .int(`${what} must be a whole number`)
    .min(1, `${what} must be at least 1`)
    .max(1_000_000_000, `${what} must be at most 1,000,000,000`);

// What a key may do and how much: set when it is created, changed later by "Edit".
const keySettings = z.object({
  name: z.string().trim().min(1, "Name is required").max(100, "Name is at most 100 characters"),
  permissions: keyPermissions.default({ mode: "all" }),
  /** Null or left out: every model. */
  allowedModels: z.array(modelId).max(200).nullable().default(null),
  expiresAt: z.iso.datetime({ offset: true }).nullable().default(null),
  requestsPerMinute: positiveLimit("Requests per minute").nullable().default(null),
  tokensPerMinute: positiveLimit("Tokens per minute").nullable().default(null),
  /** Dollars per calendar month (UTC). */
  monthlyBudgetUsd: z
    .number({ error: "Budget must be an amount in dollars, like 25 or 12.50" })
    .positive("Budget must be more than $0")
    .max(10_000_000, "Budget must be at most $10,000,000")
    .nullable()
    .default(null),
  budgetAction: z.enum(["block", "alert"]).default("block"),
});

const expiryAhead = (value: { expiresAt: string | null }) => !value.expiresAt || new Date(value.expiresAt).getTime() > Date.now();
const EXPIRY_AHEAD = { message: "Expiry must be in the future", path: ["expiresAt"] };

export const createKeyInput = keySettings
  .extend({
    owner: z.discriminatedUnion("type", [
      z.object({ type: z.literal("user"), userId: z.string().min(1).optional() }),
      z.object({ type: z.literal("service_account"), serviceAccountId: z.string().min(1) }),
    ]),
  })
  .refine(expiryAhead, EXPIRY_AHEAD);
export type CreateKeyInput = z.input<typeof createKeyInput>;

/** Everything but the owner and the secret, which a roll changes. */
export const updateKeyInput = keySettings.refine(expiryAhead, EXPIRY_AHEAD);

export const rollKeyInput = z.object({
  /** How long the old secret keeps working, in hours (0: stops at once). */
  graceHours: z
    .number()
    .int()
    .min(0)
    .max(24 * 30, "The grace period is at most 30 days"),
});

export const createServiceAccountInput = z.object({
  name: z.string().trim().min(1, "Name is required").max(100, "Name is at most 100 characters"),
});

/** The endpoint group of an API path below /v1, or null for paths no group covers. */
export function endpointGroupOf(path: string): EndpointGroup | null {
  const first = path.split("/")[1] ?? "";
  switch (first) {
    case "responses":
    case "chat":
    case "completions":
    case "conversations":
      return "responses";
    case "embeddings":
      return "embeddings";
    case "files":
    case "uploads":
      return "files";
    case "vector_stores":
      return "vector_stores";
    case "batches":
      return "batches";
    case "fine_tuning":
      return "fine_tuning";
    case "models":
      return "models";
    default:
      return null;
  }
}

export const READ_METHODS = new Set(["GET", "HEAD"]);

/** Null when allowed; otherwise why not, in words for the caller. */
export function permissionProblem(permissions: KeyPermissions, method: string, path: string): string | null {
  if (permissions.mode === "all") return null;
  if (permissions.mode === "read") {
    return READ_METHODS.has(method) ? null : `This API key is read-only; ${method} ${path} is not allowed`;
  }
  const group = endpointGroupOf(path);
  if (group && permissions.groups.includes(group)) return null;
  return group
    ? `This API key may not use ${ENDPOINT_GROUP_LABELS[group].toLowerCase()} (${path})`
    : `This API key may not call ${path}; it is limited to ${permissions.groups.map((g) => ENDPOINT_GROUP_LABELS[g].toLowerCase()).join(", ")}`;
}
