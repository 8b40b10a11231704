import "server-only";
import { checkIntegerBounds, invalidRequest, missingParameter } from "../errors";
import { checkMetadata, expectEnum, expectRange, expectType, invalidType, sandboxUnsupported, unknownParameter } from "../responses/params";

// The body of POST /fine_tuning/jobs, checked as the real API checks it. What can only be known by
// reading the files (their format, example count, token lengths) is checked later, while the job
// is `validating_files`, and fails the job rather than the request: the real service does the same.

export const METHODS = ["supervised", "dpo", "reinforcement"] as const;
export type MethodType = (typeof METHODS)[number];

/**
 * The sandbox models that can be fine-tuned, and how: chat models take supervised and DPO (as
 * gpt-4.1 and gpt-4o-mini do), the reasoning model reinforcement only (as o4-mini does). An example
 * may be at most `maxExampleTokens` long.
 */
export const FINE_TUNABLE: Record<string, { methods: readonly MethodType[]; maxExampleTokens: number }> = {
  "sandbox-chat": { methods: ["supervised", "dpo"], maxExampleTokens: 65_536 },
  "sandbox-chat-mini": { methods: ["supervised", "dpo"], maxExampleTokens: 65_536 },
  "sandbox-reasoning": { methods: ["reinforcement"], maxExampleTokens: 65_536 },
};

export type Auto<T> = T | "auto";
export type Hyperparameters = Record<string, Auto<number> | string>;

export interface JobRequest {
  model: string;
  trainingFile: string;
  validationFile: string | null;
  method: { type: MethodType; hyperparameters: Hyperparameters; grader?: Record<string, unknown> };
  suffix: string | null;
  seed: number;
  metadata: Record<string, string> | null;
}

type Json = Record<string, unknown>;

const TOP_LEVEL = ["model", "training_file", "validation_file", "hyperparameters", "method", "suffix", "seed", "metadata", "integrations"];

function autoOr(value: unknown, param: string, check: (n: number) => void, integer: boolean): Auto<number> {
  if (value === "auto") return "auto";
  if (typeof value !== "number" || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw invalidRequest(
      `Invalid '${param}': expected 'auto' or ${integer ? "an integer" : "a number"}, but got ${JSON.stringify(value)} instead.`,
      param,
      "invalid_type",
    );
  }
  check(value);
  return value;
}

const positive = (param: string) => (n: number) => {
  if (n <= 0) throw invalidRequest(`Invalid '${param}': number must be greater than 0, but got ${n} instead.`, param, "invalid_value");
};

const HYPERPARAMETERS: Record<MethodType, Record<string, (value: unknown, param: string) => Auto<number> | string>> = {
  supervised: {
    n_epochs: (v, p) => autoOr(v, p, (n) => checkIntegerBounds(p, n, 1, 50), true),
    batch_size: (v, p) => autoOr(v, p, (n) => checkIntegerBounds(p, n, 1, 256), true),
    learning_rate_multiplier: (v, p) => autoOr(v, p, positive(p), false),
  },
  dpo: {
    n_epochs: (v, p) => autoOr(v, p, (n) => checkIntegerBounds(p, n, 1, 50), true),
    batch_size: (v, p) => autoOr(v, p, (n) => checkIntegerBounds(p, n, 1, 256), true),
    learning_rate_multiplier: (v, p) => autoOr(v, p, positive(p), false),
    beta: (v, p) =>
      autoOr(
        v,
        p,
        (n) => {
          positive(p)(n);
          expectRange(n, p, undefined, 2, "decimal");
        },
        false,
      ),
  },
  reinforcement: {
    n_epochs: (v, p) => autoOr(v, p, (n) => checkIntegerBounds(p, n, 1, 50), true),
    batch_size: (v, p) => autoOr(v, p, (n) => checkIntegerBounds(p, n, 1, 256), true),
    learning_rate_multiplier: (v, p) => autoOr(v, p, positive(p), false),
    compute_multiplier: (v, p) =>
      autoOr(
        v,
        p,
        (n) => {
          positive(p)(n);
          expectRange(n, p, undefined, 10, "decimal");
        },
        false,
      ),
    eval_interval: (v, p) => autoOr(v, p, (n) => checkIntegerBounds(p, n, 1, 2_147_483_647), true),
    eval_samples: (v, p) => autoOr(v, p, (n) => checkIntegerBounds(p, n, 1, 2_147_483_647), true),
    reasoning_effort: (v, p) => expectEnum(v, ["default", "low", "medium", "high"], p),
  },
};

function hyperparameters(type: MethodType, value: unknown, param: string): Hyperparameters {
  const given = (value ?? {}) as Json;
  expectType(given, "object", param);
  const checks = HYPERPARAMETERS[type];
  for (const key of Object.keys(given)) if (!(key in checks)) throw unknownParameter(`${param}.${key}`);
  // Unset values are "auto" until the files are validated, when the run resolves them.
  const out: Hyperparameters = {};
  for (const [key, check] of Object.entries(checks)) {
    out[key] =
      given[key] === undefined || given[key] === null
        ? key === "reasoning_effort"
          ? "default"
          : "auto"
        : check(given[key], `${param}.${key}`);
  }
  return out;
}

const GRADER_FIELDS: Record<string, string[]> = {
  string_check: ["name", "input", "reference", "operation"],
  text_similarity: ["name", "input", "reference", "evaluation_metric"],
  python: ["name", "source"],
  score_model: ["name", "model", "input"],
  multi: ["name", "graders", "calculate_output"],
};

function grader(value: unknown, param: string): Json {
  if (value === undefined || value === null) throw missingParameter(param);
  expectType(value, "object", param);
  const g = value as Json;
  const type = expectEnum(g.type, Object.keys(GRADER_FIELDS), `${param}.type`);
  for (const field of GRADER_FIELDS[type]) if (g[field] === undefined || g[field] === null) throw missingParameter(`${param}.${field}`);
  if (type === "string_check") expectEnum(g.operation, ["eq", "ne", "like", "ilike"], `${param}.operation`);
  return g;
}

function method(body: Json): JobRequest["method"] {
  const legacy = body.hyperparameters;
  if (body.method === undefined || body.method === null) {
    return { type: "supervised", hyperparameters: hyperparameters("supervised", legacy, "hyperparameters") };
  }
  expectType(body.method, "object", "method");
  const m = body.method as Json;
  const type = expectEnum(m.type ?? "supervised", METHODS, "method.type");
  for (const key of Object.keys(m)) if (key !== "type" && key !== type) throw unknownParameter(`method.${key}`);
  const config = (m[type] ?? {}) as Json;
  expectType(config, "object", `method.${type}`);
  const allowed = type === "reinforcement" ? ["hyperparameters", "grader"] : ["hyperparameters"];
  for (const key of Object.keys(config)) if (!allowed.includes(key)) throw unknownParameter(`method.${type}.${key}`);
  if (legacy !== undefined && legacy !== null && config.hyperparameters !== undefined) {
    throw invalidRequest(
      "Specifying hyperparameters both at the top level and in 'method' is not allowed; 'hyperparameters' is deprecated, use 'method' only.",
      "hyperparameters",
      "invalid_value",
    );
  }
  if (legacy !== undefined && legacy !== null && type !== "supervised") {
    throw invalidRequest(
      `The top-level 'hyperparameters' apply to supervised fine-tuning only; give them in 'method.${type}.hyperparameters'.`,
      "hyperparameters",
      "invalid_value",
    );
  }
  const params = hyperparameters(type, config.hyperparameters ?? legacy, `method.${type}.hyperparameters`);
  if (type === "reinforcement") return { type, hyperparameters: params, grader: grader(config.grader, "method.reinforcement.grader") };
  return { type, hyperparameters: params };
}

export function parseJobRequest(body: Json): JobRequest {
  for (const key of Object.keys(body)) if (!TOP_LEVEL.includes(key)) throw unknownParameter(key);
  if (body.model === undefined || body.model === null || body.model === "") throw missingParameter("model");
  expectType(body.model, "string", "model");
  const model = body.model as string;
  const tunable = FINE_TUNABLE[model];
  if (!tunable) {
    throw invalidRequest(`Model ${model} is not available for fine-tuning or does not exist.`, "model", "model_not_available");
  }
  if (body.training_file === undefined || body.training_file === null || body.training_file === "") throw missingParameter("training_file");
  expectType(body.training_file, "string", "training_file");
  let validationFile: string | null = null;
  if (body.validation_file !== undefined && body.validation_file !== null) {
    expectType(body.validation_file, "string", "validation_file");
    validationFile = body.validation_file as string;
  }
  const parsedMethod = method(body);
  if (!tunable.methods.includes(parsedMethod.type)) {
    throw invalidRequest(
      `Model ${model} does not support the ${parsedMethod.type} method; it can be fine-tuned with: ${tunable.methods.join(", ")}.`,
      "method.type",
      "invalid_value",
    );
  }
  let suffix: string | null = null;
  if (body.suffix !== undefined && body.suffix !== null) {
    expectType(body.suffix, "string", "suffix");
    suffix = body.suffix as string;
    if (suffix.length < 1 || suffix.length > 64) {
      throw invalidRequest(
        `Invalid 'suffix': expected a string of 1 to 64 characters, but got one of ${suffix.length} instead.`,
        "suffix",
        "invalid_value",
      );
    }
    // The suffix becomes one part of `ft:<base>:<org>:<suffix>:<id>`.
    if (!/^[A-Za-z0-9_.-]+$/.test(suffix)) {
      throw invalidRequest("Invalid 'suffix': it may contain only letters, digits, '-', '_' and '.'.", "suffix", "invalid_value");
    }
  }
  let seed = Math.floor(Math.random() * 2_147_483_647);
  if (body.seed !== undefined && body.seed !== null) {
    if (typeof body.seed !== "number" || !Number.isInteger(body.seed)) throw invalidType("seed", "integer", body.seed);
    seed = checkIntegerBounds("seed", body.seed, 0, 2_147_483_647);
  }
  if (Array.isArray(body.integrations) && body.integrations.length > 0)
    throw sandboxUnsupported("integrations", "integrations (Weights and Biases)");
  return {
    model,
    trainingFile: body.training_file as string,
    validationFile,
    method: parsedMethod,
    suffix,
    seed,
    metadata: checkMetadata(body.metadata) ?? null,
  };
}
