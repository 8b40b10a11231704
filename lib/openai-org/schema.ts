import { z } from "zod";

// Admin → OpenAI organization: the forms' inputs (shared by the browser and the route handlers)
// and what the routes answer. Field names of limits follow the API's.

const name = (what: string) => z.string().trim().min(1, `Enter the ${what}'s name`).max(100, `A ${what}'s name is at most 100 characters`);

export const createOrgProjectInput = z.object({ name: name("project") });

export const updateOrgProjectInput = z.union([
  z.object({ name: name("project") }),
  z.object({ archived: z.literal(true, { error: "A project can only be archived, not restored" }) }),
]);

export const ORG_PROJECT_ROLES = ["owner", "member"] as const;

export const addProjectUserInput = z.object({
  email: z.string().trim().toLowerCase().email("Enter an email address").max(320, "An email address is at most 320 characters"),
  role: z.enum(ORG_PROJECT_ROLES, { error: "Choose owner or member" }),
});

export const updateProjectUserInput = z.object({ role: z.enum(ORG_PROJECT_ROLES, { error: "Choose owner or member" }) });

export const createServiceAccountInput = z.object({ name: name("service account") });

const limit = (label: string) =>
  z
    .number({ error: `${label} must be a number` })
    .int(`${label} must be a whole number`)
    .min(1, `${label} must be at least 1`)
    .max(2_000_000_000, `${label} is too large`)
    .optional();

export const rateLimitInput = z
  .object({
    max_requests_per_1_minute: limit("Requests per minute"),
    max_tokens_per_1_minute: limit("Tokens per minute"),
    max_requests_per_1_day: limit("Requests per day"),
    batch_1_day_max_input_tokens: limit("Batch input tokens per day"),
  })
  .refine((value) => Object.values(value).some((v) => v !== undefined), { error: "Change at least one limit" });

const cents = (minimum: number) =>
  z
    .number({ error: "Enter an amount" })
    .int("The amount is in whole cents")
    .min(minimum, minimum > 0 ? "The amount must be at least $0.01" : "The amount cannot be negative")
    .max(2_000_000_000, "The amount is too large");

export const spendLimitInput = z.object({ thresholdCents: cents(1) });

export const spendAlertInput = z.object({
  thresholdCents: cents(0),
  recipients: z
    .array(z.string().trim().email("Each recipient must be an email address"))
    .min(1, "Add at least one recipient")
    .max(20, "At most 20 recipients"),
  subjectPrefix: z.string().trim().max(100, "The subject prefix is at most 100 characters").default(""),
});

export const linkInput = z.object({
  switchboardProjectId: z.string().min(1, "Choose a Switchboard project"),
  linked: z.boolean(),
});

/** A Switchboard project's connection as the organization pages list it (never a key, only its masked form). */
export interface AdminConnectionSummary {
  projectId: string;
  projectName: string;
  kind: "sandbox" | "openai" | "azure" | "compatible";
  label: string;
  baseUrl: string | null;
  organization: string | null;
  openaiProject: string | null;
  adminKey: string | null;
  canIssueSandboxAdminKey: boolean;
}

export interface OrgProject {
  id: string;
  name: string | null;
  created_at: number;
  archived_at: number | null;
  status: string | null;
}

export interface OrgPage<T> {
  data: T[];
  has_more: boolean;
  last_id: string | null;
}

export interface OrgApiKey {
  id: string;
  name: string;
  redacted_value: string;
  created_at: number;
  last_used_at: number | null;
  owner: {
    type?: "user" | "service_account";
    user?: { id: string; name: string; email: string; role: string };
    service_account?: { id: string; name: string; role: string };
  };
  /** The Switchboard project whose connection uses this key, when one does: deleting it is refused. */
  inUseBy: { projectId: string; projectName: string } | null;
}

export interface OrgProjectUser {
  id: string;
  name: string | null;
  email: string | null;
  role: string;
  added_at: number;
}

export interface OrgServiceAccount {
  id: string;
  name: string;
  role: string;
  created_at: number;
}

/** What creating a service account answers: its key, the one time it is ever shown. */
export interface CreatedServiceAccount extends OrgServiceAccount {
  apiKey: { id: string; name: string; value: string } | null;
}

export interface OrgRateLimit {
  id: string;
  model: string;
  max_requests_per_1_minute: number;
  max_tokens_per_1_minute: number;
  max_requests_per_1_day?: number;
  batch_1_day_max_input_tokens?: number;
}

export interface OrgSpendLimit {
  threshold_amount: number;
  currency: string;
  interval: string;
  enforcement: { status: string };
}

export interface OrgSpendAlert {
  id: string;
  threshold_amount: number;
  currency: string;
  interval: string;
  notification_channel: { type: string; recipients: string[]; subject_prefix?: string | null };
}

export interface OrgLinks {
  /** On the sandbox each Switchboard project is a sandbox project of its own: nothing to link. */
  linkable: boolean;
  linked: { projectId: string; projectName: string }[];
  candidates: { projectId: string; projectName: string; openaiProject: string | null }[];
}
