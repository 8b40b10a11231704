import { describe, expect, test } from "vitest";
import { fineTuningMethods, isFineTunable } from "@/lib/fine-tuning/base-models";
import { checkTrainingText } from "@/lib/fine-tuning/check-file";
import { checkSuffix, durationText, jobDuration, metricsPoints, readHyperparameter } from "@/lib/fine-tuning/display";
import { chatExamples, preferenceExamples, reinforcementExamples } from "./support/fine-tuning";

// The browser's checks before a fine-tuning job is created, and what its pages compute.

describe("training file checks in the browser", () => {
  test("a good file of each method passes with its example count", async () => {
    expect(await checkTrainingText(chatExamples(12).join("\n"), "supervised", "training")).toEqual({
      examples: 12,
      problems: [],
      moreProblems: false,
    });
    expect((await checkTrainingText(preferenceExamples(10).join("\n"), "dpo", "training")).problems).toEqual([]);
    expect((await checkTrainingText(reinforcementExamples(10).join("\r\n"), "reinforcement", "training")).problems).toEqual([]);
  });

  test("every bad line is listed with its number and reason", async () => {
    const lines = chatExamples(12);
    lines[1] = "{not json";
    lines[4] = JSON.stringify({ messages: [{ role: "user", content: "hi" }] });
    lines[7] = "[1, 2]";
    const report = await checkTrainingText(lines.join("\n"), "supervised", "training");
    expect(report.examples).toBe(9);
    expect(report.problems.map((p) => p.line)).toEqual([2, 5, 8]);
    expect(report.problems[0].message).toMatch(/^Line 2 is not valid JSON: /);
    expect(report.problems[1].message).toBe("Line 5: no message from the assistant; every example needs at least one to learn from.");
    expect(report.problems[2].message).toBe("Line 8 is not a JSON object: each line must be one {…} example.");
  });

  test("the method decides the format, and a training file needs ten examples", async () => {
    const dpo = await checkTrainingText(chatExamples(10).join("\n"), "dpo", "training");
    expect(dpo.problems[0].message).toBe("Line 1: missing key 'input' (an object with 'messages').");
    expect(dpo.problems).toHaveLength(10);
    expect((await checkTrainingText(chatExamples(3).join("\n"), "supervised", "training")).problems).toEqual([
      { line: 0, message: "The file has 3 example(s); a training file needs at least 10." },
    ]);
    expect((await checkTrainingText(chatExamples(3).join("\n"), "supervised", "validation")).problems).toEqual([]);
  });

  test("at most twenty problems are listed", async () => {
    const report = await checkTrainingText(Array.from({ length: 30 }, () => "oops").join("\n"), "supervised", "training");
    expect(report.problems).toHaveLength(20);
    expect(report.moreProblems).toBe(true);
  });
});

describe("fine-tuning page helpers", () => {
  test("base models and their methods", () => {
    expect(fineTuningMethods("sandbox-chat-mini")).toEqual(["supervised", "dpo"]);
    expect(fineTuningMethods("sandbox-reasoning")).toEqual(["reinforcement"]);
    expect(fineTuningMethods("gpt-4.1-mini-2025-04-14")).toEqual(["supervised", "dpo"]);
    expect(isFineTunable("sandbox-embed-small")).toBe(false);
    expect(isFineTunable("ft:sandbox-chat:sandbox::abc12345")).toBe(false);
  });

  test("metrics points per step, durations, hyperparameters and suffixes", () => {
    const events = [
      { type: "message", data: {} },
      { type: "metrics", data: { step: 2, train_loss: 1.5, train_mean_token_accuracy: 0.6, total_steps: 30 } },
      { type: "metrics", data: { step: 1, train_loss: 2, valid_loss: 2.1, train_mean_token_accuracy: 0.5 } },
    ];
    expect(metricsPoints(events)).toEqual({
      points: [
        { step: 1, train_loss: 2, valid_loss: 2.1, train_accuracy: 0.5, valid_accuracy: undefined },
        { step: 2, train_loss: 1.5, valid_loss: undefined, train_accuracy: 0.6, valid_accuracy: undefined },
      ],
      totalSteps: 30,
    });
    expect(durationText(75)).toBe("1m 15s");
    expect(jobDuration({ created_at: 100, finished_at: null, status: "running" }, 130)).toBe("30s so far");
    expect(readHyperparameter("n_epochs", "")).toEqual({ value: "auto" });
    expect(readHyperparameter("n_epochs", "51")).toEqual({ error: "Epochs must be at most 50." });
    expect(readHyperparameter("learning_rate_multiplier", "0")).toEqual({ error: "Learning rate multiplier must be greater than 0." });
    expect(readHyperparameter("batch_size", "2.5")).toEqual({ error: "Batch size must be a whole number." });
    expect(checkSuffix("a:b")).toMatch(/only letters/);
  });
});
