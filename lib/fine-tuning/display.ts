// What the fine-tuning pages show, as pure functions: durations, status labels, the metrics
// points drawn in the charts, and the hyperparameters form read into the API's shape.

export const STATUS_LABELS: Record<string, string> = {
  validating_files: "Validating files",
  queued: "Queued",
  running: "Running",
  paused: "Paused",
  succeeded: "Succeeded",
  failed: "Failed",
  cancelled: "Cancelled",
};

export function durationText(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  const h = Math.floor(m / 60);
  return `${h}h ${m % 60}m`;
}

/** How long a job took, or has taken so far. */
export function jobDuration(job: { created_at: number; finished_at: number | null; status: string }, now: number): string {
  if (job.finished_at) return durationText(job.finished_at - job.created_at);
  if (["validating_files", "queued", "running", "paused"].includes(job.status)) return `${durationText(now - job.created_at)} so far`;
  return "—";
}

export interface MetricsPoint {
  step: number;
  train_loss?: number;
  valid_loss?: number;
  train_accuracy?: number;
  valid_accuracy?: number;
}

/** One point per step from the `metrics` events (the last one wins if a step came twice), by step. */
export function metricsPoints(events: readonly { type?: string; data?: unknown }[]): { points: MetricsPoint[]; totalSteps: number | null } {
  const byStep = new Map<number, MetricsPoint>();
  let totalSteps: number | null = null;
  for (const event of events) {
    if (event.type !== "metrics" || !event.data || typeof event.data !== "object") continue;
    const data = event.data as Record<string, unknown>;
    const step = Number(data.step);
    if (!Number.isFinite(step)) continue;
    const number = (key: string) => (typeof data[key] === "number" ? (data[key] as number) : undefined);
    byStep.set(step, {
      step,
      train_loss: number("train_loss"),
      valid_loss: number("valid_loss"),
      train_accuracy: number("train_mean_token_accuracy"),
      valid_accuracy: number("valid_mean_token_accuracy"),
    });
    if (typeof data.total_steps === "number") totalSteps = data.total_steps;
  }
  return { points: [...byStep.values()].sort((a, b) => a.step - b.step), totalSteps };
}

export type NumberRule = { integer: boolean; min: number; max?: number; exclusiveMin?: boolean };

export const HYPERPARAMETER_RULES: Record<string, { label: string; rule: NumberRule; hint: string }> = {
  n_epochs: { label: "Epochs", rule: { integer: true, min: 1, max: 50 }, hint: "1–50 full passes over the training file." },
  batch_size: { label: "Batch size", rule: { integer: true, min: 1, max: 256 }, hint: "1–256 examples per step." },
  learning_rate_multiplier: {
    label: "Learning rate multiplier",
    rule: { integer: false, min: 0, exclusiveMin: true },
    hint: "Greater than 0; smaller values can help against overfitting.",
  },
  beta: {
    label: "Beta",
    rule: { integer: false, min: 0, max: 2, exclusiveMin: true },
    hint: "Above 0, up to 2: how strongly the model is kept near the reference.",
  },
  compute_multiplier: {
    label: "Compute multiplier",
    rule: { integer: false, min: 0, max: 10, exclusiveMin: true },
    hint: "Above 0, up to 10: compute spent exploring per step.",
  },
  eval_interval: { label: "Eval interval", rule: { integer: true, min: 1 }, hint: "Training steps between evaluation runs." },
  eval_samples: { label: "Eval samples", rule: { integer: true, min: 1 }, hint: "Samples generated per evaluation step." },
};

export const METHOD_HYPERPARAMETERS: Record<"supervised" | "dpo" | "reinforcement", string[]> = {
  supervised: ["n_epochs", "batch_size", "learning_rate_multiplier"],
  dpo: ["n_epochs", "batch_size", "learning_rate_multiplier", "beta"],
  reinforcement: ["n_epochs", "batch_size", "learning_rate_multiplier", "compute_multiplier", "eval_interval", "eval_samples"],
};

/** An empty field is "auto"; otherwise a number within the rule, or the sentence saying why not. */
export function readHyperparameter(key: string, text: string): { value: number | "auto" } | { error: string } {
  const trimmed = text.trim();
  if (!trimmed || trimmed.toLowerCase() === "auto") return { value: "auto" };
  const { rule, label } = HYPERPARAMETER_RULES[key];
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return { error: `${label} must be a number, or empty for auto.` };
  if (rule.integer && !Number.isInteger(value)) return { error: `${label} must be a whole number.` };
  if (rule.exclusiveMin ? value <= rule.min : value < rule.min) {
    return { error: `${label} must be ${rule.exclusiveMin ? "greater than" : "at least"} ${rule.min}.` };
  }
  if (rule.max !== undefined && value > rule.max) return { error: `${label} must be at most ${rule.max}.` };
  return { value };
}

export const SUFFIX_MAX = 64;

export function checkSuffix(suffix: string): string | null {
  if (!suffix) return null;
  if (suffix.length > SUFFIX_MAX) return `The suffix is at most ${SUFFIX_MAX} characters (this one has ${suffix.length}).`;
  if (!/^[A-Za-z0-9_.-]+$/.test(suffix)) return "The suffix may contain only letters, digits, “-”, “_” and “.”.";
  return null;
}

export function checkSeed(seed: string): string | null {
  if (!seed.trim()) return null;
  const value = Number(seed);
  if (!Number.isInteger(value) || value < 0 || value > 2_147_483_647) return "The seed is a whole number from 0 to 2147483647.";
  return null;
}

export function playgroundHref(projectId: string, model: string): string {
  return `/${projectId}/playground?model=${encodeURIComponent(model)}`;
}
