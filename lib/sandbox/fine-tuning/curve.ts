import "server-only";
import { hashText, seededRandom } from "../generate";
import type { Hyperparameters, MethodType } from "./params";
import type { FileSummary } from "./validate";

// The training run's numbers. Nothing is trained: the loss follows a decaying curve with a little
// noise, its start, floor and speed derived from the training file and the seed, so the same job
// gives the same curve every time (and a resumed run the numbers it would have given anyway).

export interface Plan {
  method: MethodType;
  examples: number;
  trainingTokens: number;
  validationExamples: number | null;
  hash: number;
  seed: number;
  nEpochs: number;
  batchSize: number;
  learningRateMultiplier: number;
  stepsPerEpoch: number;
  totalSteps: number;
  /** The method's hyperparameters with every "auto" resolved. */
  resolved: Hyperparameters;
}

export interface StepMetrics {
  step: number;
  train_loss: number;
  train_mean_token_accuracy: number;
  valid_loss?: number;
  valid_mean_token_accuracy?: number;
}

const num = (value: unknown, fallback: number) => (typeof value === "number" ? value : fallback);

/** Resolves "auto" as the service does in spirit: 3 epochs, batches of about 0.2% of the examples. */
export function makePlan(
  method: MethodType,
  given: Hyperparameters,
  seed: number,
  training: FileSummary,
  validation: FileSummary | null,
): Plan {
  const nEpochs = num(given.n_epochs, 3);
  const batchSize = num(given.batch_size, Math.max(1, Math.min(256, Math.round(training.examples * 0.002))));
  const learningRateMultiplier = num(given.learning_rate_multiplier, batchSize <= 8 ? 1.8 : 2);
  const stepsPerEpoch = Math.ceil(training.examples / batchSize);
  const resolved: Hyperparameters = {
    ...given,
    n_epochs: nEpochs,
    batch_size: batchSize,
    learning_rate_multiplier: learningRateMultiplier,
  };
  if (method === "dpo") resolved.beta = num(given.beta, 0.1);
  if (method === "reinforcement") {
    resolved.compute_multiplier = num(given.compute_multiplier, 1);
    resolved.eval_interval = num(given.eval_interval, 1);
    resolved.eval_samples = num(given.eval_samples, 1);
  }
  return {
    method,
    examples: training.examples,
    trainingTokens: training.tokens,
    validationExamples: validation?.examples ?? null,
    hash: training.hash,
    seed,
    nEpochs,
    batchSize,
    learningRateMultiplier,
    stepsPerEpoch,
    totalSteps: stepsPerEpoch * nEpochs,
    resolved,
  };
}

const round = (value: number) => Math.round(value * 100_000) / 100_000;
const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

export function metricsAt(plan: Plan, step: number): StepMetrics {
  const start = 1.6 + (plan.hash % 100) / 100;
  const floor = 0.12 + ((plan.hash >>> 8) % 20) / 100;
  const speed = 3 + 0.4 * Math.min(plan.learningRateMultiplier, 5);
  const progress = step / plan.totalSteps;
  const random = seededRandom(hashText(`${plan.hash}:${plan.seed}:${step}`));
  const noise = () => (random() - 0.5) * 2;
  const spread = 0.25 * (1 - progress) + 0.03;
  const trainLoss = Math.max(0.01, floor + (start - floor) * Math.exp(-speed * progress) + noise() * spread);
  const metrics: StepMetrics = {
    step,
    train_loss: round(trainLoss),
    train_mean_token_accuracy: round(clamp(0.99 - 0.3 * trainLoss + noise() * 0.02, 0, 1)),
  };
  if (plan.validationExamples !== null) {
    // Validation lags training a little and drifts up late in the run, as mild overfitting does.
    const validLoss = Math.max(0.01, trainLoss * 1.08 + 0.06 * progress * progress + noise() * spread * 0.6);
    metrics.valid_loss = round(validLoss);
    metrics.valid_mean_token_accuracy = round(clamp(0.99 - 0.3 * validLoss + noise() * 0.02, 0, 1));
  }
  return metrics;
}

/** The whole validation set, scored at a checkpoint: a steadier figure than one batch's. */
export function fullValidationAt(plan: Plan, step: number): { full_valid_loss: number; full_valid_mean_token_accuracy: number } | null {
  if (plan.validationExamples === null) return null;
  const metrics = metricsAt(plan, step);
  const loss = ((metrics.valid_loss ?? metrics.train_loss) + metrics.train_loss * 1.08) / 2;
  return { full_valid_loss: round(loss), full_valid_mean_token_accuracy: round(clamp(0.99 - 0.3 * loss, 0, 1)) };
}

/** The result file: every step's metrics as CSV, the columns the service's step_metrics.csv has. */
export function resultsCsv(plan: Plan): string {
  const rows = ["step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy"];
  for (let step = 1; step <= plan.totalSteps; step++) {
    const m = metricsAt(plan, step);
    rows.push([step, m.train_loss, m.train_mean_token_accuracy, m.valid_loss ?? "", m.valid_mean_token_accuracy ?? ""].join(","));
  }
  return `${rows.join("\n")}\n`;
}
