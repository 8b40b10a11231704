// The shape of a saved or restored setup. The server checks saved prompts with it, and the page
// checks what it reads back from localStorage or a saved prompt, so a setup from an older version
// of the page never breaks the page: unknown fields are dropped, missing ones take their defaults.
import { z } from "zod";
import { DEFAULT_FORMAT, DEFAULT_PARAMS, DEFAULT_TOOLS, type PlaygroundSetup, REASONING_EFFORTS, REASONING_SUMMARIES } from "./state";

const text = (max: number) => z.string().max(max, `at most ${max} characters`);
const nullableNumber = z.number().finite().nullable();

const message = z.object({
  id: text(40),
  role: z.enum(["user", "assistant", "developer", "system", "tool"]),
  content: text(200_000),
  images: z.array(text(700_000)).max(10).optional(),
  toolCalls: z
    .array(z.object({ callId: text(200), name: text(64), arguments: text(100_000) }))
    .max(20)
    .optional(),
  toolCallId: text(200).optional(),
  toolName: text(64).optional(),
  reasoning: text(200_000).optional(),
});

export const setupSchema = z.object({
  api: z.enum(["responses", "chat"]),
  model: text(200),
  instructions: text(100_000),
  messages: z.array(message).max(200),
  params: z
    .object({
      temperature: nullableNumber,
      topP: nullableNumber,
      maxOutputTokens: z.number().int().positive().nullable(),
      store: z.boolean(),
      reasoningEffort: z.enum(REASONING_EFFORTS).nullable().default(null),
      reasoningSummary: z.enum(REASONING_SUMMARIES).nullable().default(null),
      seed: z.number().int().nullable().default(null),
      stop: z.array(text(200)).max(4).default([]),
      frequencyPenalty: nullableNumber.default(null),
      presencePenalty: nullableNumber.default(null),
    })
    .default(DEFAULT_PARAMS),
  tools: z
    .object({
      functions: z
        .array(z.object({ id: text(40), name: text(64), description: text(2000), parameters: text(100_000), strict: z.boolean() }))
        .max(32),
      fileSearch: z.object({ enabled: z.boolean(), vectorStoreIds: z.array(text(200)).max(10) }),
    })
    .default(DEFAULT_TOOLS),
  format: z
    .object({ type: z.enum(["text", "json_object", "json_schema"]), name: text(64), schema: text(100_000), strict: z.boolean() })
    .default(DEFAULT_FORMAT),
}) satisfies z.ZodType<PlaygroundSetup, unknown>;

/** A setup from storage, or null when it is not one. */
export function readSetup(value: unknown): PlaygroundSetup | null {
  const parsed = setupSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
