import "server-only";
import { createReadStream } from "node:fs";
import readline from "node:readline";
import { checkExample, isObject, MIN_EXAMPLES } from "@/lib/fine-tuning/format";
import { blobPath } from "../blobs";
import { hashText } from "../generate";
import { countTokens } from "../tokenizer";
import type { MethodType } from "./params";

// What the service reads in a training or validation file before it trains: every line one
// example in the format of the job's method, at least MIN_EXAMPLES of them in a training file, none
// longer than the model's limit. The first bad line fails the job, named with its reason.

export { MIN_EXAMPLES };

export interface FileSummary {
  examples: number;
  tokens: number;
  /** A stable hash of the content: the run's curves are derived from it. */
  hash: number;
}

export type FileCheck = { ok: true; summary: FileSummary } | { ok: false; code: string; message: string };

/** Reads a stored file line by line (it may be large) and checks every example. */
export async function checkTrainingFile(
  fileId: string,
  role: "training" | "validation",
  method: MethodType,
  maxExampleTokens: number,
  /** Called now and then on a long file; false stops the reading ("lost"). */
  stillMine: () => Promise<boolean> = async () => true,
): Promise<FileCheck | "lost"> {
  const code = role === "training" ? "invalid_training_file" : "invalid_validation_file";
  const fail = (detail: string): FileCheck => ({
    ok: false,
    code,
    message: `The job failed due to an invalid ${role} file. Invalid file format. ${detail}.`,
  });
  const lines = readline.createInterface({ input: createReadStream(blobPath("files", fileId)), crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  let examples = 0;
  let tokens = 0;
  let hash = 0;
  try {
    for await (const text of lines) {
      line++;
      if (line % 1000 === 0) {
        // Tokenizing is CPU work on the event loop; yielding keeps the server answering.
        await new Promise((resolve) => setImmediate(resolve));
        if (!(await stillMine())) return "lost";
      }
      if (!text.trim()) continue;
      let example: unknown;
      try {
        example = JSON.parse(text);
      } catch {
        return fail(`Line ${line} is not valid JSON`);
      }
      if (!isObject(example)) return fail(`Line ${line} is not a JSON object`);
      const checked = checkExample(method, example, line);
      if ("problem" in checked) return fail(checked.problem);
      const count = countTokens(checked.text);
      if (count > maxExampleTokens) {
        return fail(`Line ${line}: the example has ${count} tokens, more than the ${maxExampleTokens} a training example may have`);
      }
      examples++;
      tokens += count;
      hash = hashText(`${hash}:${text}`);
    }
  } catch {
    return { ok: false, code, message: `The ${role} file could not be read.` };
  } finally {
    lines.close();
  }
  if (role === "training" && examples < MIN_EXAMPLES) {
    return {
      ok: false,
      code: "invalid_n_examples",
      message: `Training file has ${examples} example(s), but must have at least ${MIN_EXAMPLES} examples`,
    };
  }
  if (examples === 0) return fail("The file holds no examples");
  return { ok: true, summary: { examples, tokens, hash } };
}
