import { z } from "zod";
import type { Capabilities } from "./capabilities";

// The "API connection" form, shared by the browser and the route handlers. What needs the server
// (the URL guard, whether a key is stored) is checked in lib/upstream/connection-settings.ts.

export const UPSTREAM_KINDS = ["sandbox", "openai", "azure", "compatible"] as const;
export type UpstreamKindName = (typeof UPSTREAM_KINDS)[number];

export const OPENAI_DEFAULT_BASE_URL = "https://api.openai.com/v1";

/** Kinds whose connection may hold an admin key (the organization's usage, costs, projects and keys). */
export const ADMIN_KEY_KINDS: readonly UpstreamKindName[] = ["openai", "compatible"];
/** Kinds that cannot be called without an API key. */
export const KEY_REQUIRED_KINDS: readonly UpstreamKindName[] = ["openai", "azure"];

// Keys and header values travel in HTTP headers: visible ASCII only, so nothing can split a header.
const VISIBLE_ASCII = /^[\x21-\x7e]*$/;

const secret = (label: string) =>
  z
    .string()
    .trim()
    .max(1000, `The ${label} must be at most 1000 characters`)
    .regex(VISIBLE_ASCII, `The ${label} may contain only visible ASCII characters, without spaces`);

const headerValue = (label: string) =>
  z
    .string()
    .trim()
    .max(200, `${label} must be at most 200 characters`)
    .regex(VISIBLE_ASCII, `${label} may contain only visible ASCII characters, without spaces`);

export const deploymentRow = z.object({
  model: z.string().trim().min(1, "Enter the model name").max(200, "The model name must be at most 200 characters"),
  deployment: z
    .string()
    .trim()
    .min(1, "Enter the deployment name")
    .max(64, "A deployment name is at most 64 characters")
    .regex(/^[A-Za-z0-9._-]+$/, "A deployment name uses letters, digits, dots, dashes and underscores"),
});

export const connectionInput = z
  .object({
    kind: z.enum(UPSTREAM_KINDS, { error: "Choose what kind of upstream this is" }),
    baseUrl: z.string().trim().max(2048, "The URL must be at most 2048 characters").default(""),
    /** Empty: keep the stored key (only while the kind and host stay the same). */
    apiKey: secret("API key").default(""),
    removeApiKey: z.boolean().default(false),
    organization: headerValue("The organization ID").default(""),
    openaiProject: headerValue("The project ID").default(""),
    azureApiVersion: z
      .string()
      .trim()
      .max(40, "The API version must be at most 40 characters")
      .regex(/^[A-Za-z0-9.-]*$/, "An API version looks like 2024-10-21 or 2025-04-01-preview")
      .default(""),
    azureDeployments: z.array(deploymentRow).max(200, "At most 200 deployments").default([]),
    adminKey: secret("admin key").default(""),
    removeAdminKey: z.boolean().default(false),
  })
  .superRefine((value, ctx) => {
    if ((value.kind === "azure" || value.kind === "compatible") && value.baseUrl === "") {
      ctx.addIssue({
        code: "custom",
        path: ["baseUrl"],
        message:
          value.kind === "azure"
            ? "Enter the resource's URL, like https://RESOURCE.openai.azure.com/openai/v1"
            : "Enter the server's base URL, like http://gpu-box.lan:8000/v1",
      });
    }
    const seen = new Set<string>();
    value.azureDeployments.forEach((row, index) => {
      if (seen.has(row.model)) {
        ctx.addIssue({ code: "custom", path: ["azureDeployments", index, "model"], message: `${row.model} is mapped twice` });
      }
      seen.add(row.model);
    });
  });

export type ConnectionInput = z.infer<typeof connectionInput>;
export type ConnectionInputDraft = z.input<typeof connectionInput>;

export interface StoredKey {
  set: boolean;
  /** Like sk-…abcd; null when no key is stored. */
  masked: string | null;
  /** False when the stored key cannot be decrypted with this server's secret (it must be entered again). */
  readable: boolean;
}

/** What GET /api/projects/:id/connection answers: never a key, only its masked form. */
export interface ConnectionSettings {
  kind: UpstreamKindName;
  label: string;
  baseUrl: string | null;
  apiKey: StoredKey;
  organization: string | null;
  openaiProject: string | null;
  azureApiVersion: string | null;
  azureDeployments: { model: string; deployment: string }[];
  adminKey: StoredKey;
  /** What the last successful test found, or null when never tested since the last change. */
  capabilities: Capabilities | null;
  testedAt: string | null;
}

/** What POST /api/projects/:id/connection/test answers. */
export interface ConnectionTestResult {
  ok: boolean;
  latencyMs: number | null;
  modelCount: number | null;
  /** The first model ids, sorted. */
  models: string[];
  capabilities: Capabilities | null;
  /** Why the test failed, in words; never the upstream's raw answer. */
  error?: string;
  /** Whether the result was stored as the saved connection's capabilities. */
  saved: boolean;
}
