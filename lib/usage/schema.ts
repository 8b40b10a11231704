import { z } from "zod";

// Inputs of the usage, logs, prices and settings routes; shared with the browser's forms.

export const GROUP_BY = ["model", "key", "user", "endpoint", "project", "none"] as const;
export type GroupBy = (typeof GROUP_BY)[number];

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date as YYYY-MM-DD");

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const timeZone = z.string().min(1).max(64).refine(isTimeZone, "Unknown time zone (use an IANA name such as Europe/Paris, or UTC)");

const optionalId = z.string().min(1).max(200).optional();

export const usageQuery = z
  .object({
    from: date,
    to: date,
    tz: timeZone.default("UTC"),
    groupBy: z.enum(GROUP_BY, { error: `groupBy must be one of ${GROUP_BY.join(", ")}` }).default("model"),
    model: optionalId,
    apiKeyId: optionalId,
    userId: optionalId,
    endpoint: optionalId,
    projectId: optionalId,
  })
  .refine((q) => q.from <= q.to, { message: "The start date must not be after the end date", path: ["from"] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 400 * 86_400_000, {
    message: "A range covers at most 400 days",
    path: ["to"],
  });
export type UsageQuery = z.infer<typeof usageQuery>;

export const REQUEST_LOG_MODES = ["off", "metadata", "full"] as const;
export type RequestLogMode = (typeof REQUEST_LOG_MODES)[number];

export const usageSettingsInput = z.object({
  /** Dollars a month; null removes the budget. */
  monthlyBudgetUsd: z
    .number({ error: "Budget must be an amount in dollars, like 500 or 1250.50" })
    .min(0, "Budget cannot be negative")
    .max(100_000_000, "Budget must be at most $100,000,000")
    .nullable()
    .optional(),
  requestLog: z.enum(REQUEST_LOG_MODES, { error: "requestLog must be off, metadata or full" }).optional(),
  bodyRetentionDays: z
    .number({ error: "Days must be a whole number from 1 to 365" })
    .int("Days must be a whole number from 1 to 365")
    .min(1, "Keep bodies at least 1 day")
    .max(365, "Keep bodies at most 365 days")
    .optional(),
});

export const logsQuery = z.object({
  before: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  model: optionalId,
  endpoint: optionalId,
  apiKeyId: optionalId,
  userId: optionalId,
  source: z.enum(["console", "gateway"]).optional(),
  status: z.enum(["ok", "error"]).optional(),
  q: z.string().max(200).optional(),
});
export type LogsQuery = z.infer<typeof logsQuery>;

const usdPerMillion = z
  .number({ error: "Prices are numbers of dollars per million tokens" })
  .min(0, "A price cannot be negative")
  .max(10_000, "A price above $10,000 per million tokens is surely a typo");

const DISCOUNT_RULE = "The batch discount is a whole percentage from 0 to 100";

export const priceInput = z.object({
  model: z
    .string()
    .trim()
    .min(1, "Name the model")
    .max(200)
    .regex(/^[^\s]+$/, "A model id has no spaces"),
  inputUsdPerMillion: usdPerMillion,
  cachedInputUsdPerMillion: usdPerMillion.nullable(),
  outputUsdPerMillion: usdPerMillion,
  batchDiscountPercent: z.number({ error: DISCOUNT_RULE }).int(DISCOUNT_RULE).min(0, DISCOUNT_RULE).max(100, DISCOUNT_RULE).default(50),
  /** ISO date-time; default now. A price may be set for the future, never for the past. */
  effectiveFrom: z.iso.datetime({ offset: true }).optional(),
});
export type PriceInput = z.infer<typeof priceInput>;
