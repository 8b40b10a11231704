import type OpenAI from "openai";
import { toFile } from "openai";

// Training files for fine-tuning tests: n examples in each method's format, as JSONL.

const TOPICS = [
  "tides",
  "lanterns",
  "orchards",
  "glaciers",
  "harbours",
  "comets",
  "meadows",
  "bridges",
  "violins",
  "deserts",
  "ferns",
  "kites",
];

export function chatExamples(n: number): string[] {
  return Array.from({ length: n }, (_, i) =>
    JSON.stringify({
      messages: [
        { role: "system", content: "You answer in one short sentence." },
        { role: "user", content: `Tell me about ${TOPICS[i % TOPICS.length]} (${i}).` },
        { role: "assistant", content: `${TOPICS[i % TOPICS.length]} are worth a closer look, example ${i}.` },
      ],
    }),
  );
}

export function preferenceExamples(n: number): string[] {
  return Array.from({ length: n }, (_, i) =>
    JSON.stringify({
      input: { messages: [{ role: "user", content: `Describe ${TOPICS[i % TOPICS.length]}.` }] },
      preferred_output: [{ role: "assistant", content: `A short, kind note on ${TOPICS[i % TOPICS.length]}.` }],
      non_preferred_output: [{ role: "assistant", content: "No." }],
    }),
  );
}

export function reinforcementExamples(n: number): string[] {
  return Array.from({ length: n }, (_, i) =>
    JSON.stringify({ messages: [{ role: "user", content: `What is ${i} plus ${i}?` }], reference_answer: String(2 * i) }),
  );
}

export const STRING_CHECK_GRADER = {
  type: "string_check" as const,
  name: "exact answer",
  input: "{{sample.output_text}}",
  reference: "{{item.reference_answer}}",
  operation: "eq" as const,
};

export async function uploadTraining(client: OpenAI, lines: string[], name = "train.jsonl"): Promise<string> {
  const file = await client.files.create({ file: await toFile(Buffer.from(`${lines.join("\n")}\n`), name), purpose: "fine-tune" });
  return file.id;
}

/** Every event of a job, oldest first (the API lists newest first). */
export async function allEvents(client: OpenAI, jobId: string) {
  const events = [];
  for await (const event of client.fineTuning.jobs.listEvents(jobId, { limit: 100 })) events.push(event);
  return events.reverse();
}

/** The steps of a job's metrics events, in the order they were written. */
export async function metricSteps(client: OpenAI, jobId: string): Promise<number[]> {
  return (await allEvents(client, jobId)).filter((e) => e.type === "metrics").map((e) => (e.data as { step: number }).step);
}
