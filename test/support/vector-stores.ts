import { Readable } from "node:stream";
import OpenAI, { toFile } from "openai";
import { expect } from "vitest";
import { db } from "@/lib/db/client";
import { STANDALONE_PROJECT } from "@/lib/sandbox/auth";
import { createFile } from "@/lib/sandbox/files/store";
import { expectSchema } from "./openapi";

// Helpers shared by the vector store suites: files to index, raw bodies for schema checks, and
// the chunk table as the ground truth of what ingestion wrote.

export const SPACE_TEXT = [
  "The telescope on the mountain observed a distant nebula glowing in infrared light.",
  "Astronomers measured the orbit of the comet and the rings of Saturn with the new spectrograph.",
  "A supernova remnant emits x-rays; the observatory catalogued its expanding shell of gas.",
].join("\n");

export const BAKING_TEXT = [
  "# Sourdough",
  "Knead the dough until it is elastic, then let the starter ferment overnight in a cool kitchen.",
  "Bake the loaf in a preheated cast-iron pot; the crust caramelises while the crumb stays moist.",
  "Brush the croissants with butter and sprinkle flour on the proofing basket before shaping.",
].join("\n");

/** Uploads through the official client, as a user of the sandbox would. */
export async function upload(client: OpenAI, filename: string, content: string | Buffer): Promise<string> {
  const file = await client.files.create({ file: await toFile(Buffer.from(content), filename), purpose: "assistants" });
  return file.id;
}

/** Stores a file directly, for content the upload endpoint refuses up front (an empty file). */
export async function storeFile(filename: string, content: string | Buffer): Promise<string> {
  const row = await createFile({
    project: STANDALONE_PROJECT,
    purpose: "assistants",
    filename,
    content: Readable.from([Buffer.from(content)]),
  });
  return row.id;
}

/** The JSON body of a client call, to validate against the OpenAPI schema as it was sent. */
export async function rawBody(call: { asResponse(): Promise<Response> }): Promise<Record<string, unknown>> {
  return (await (await call.asResponse()).json()) as Record<string, unknown>;
}

export async function chunkCount(where: { vectorStoreId?: string; fileId?: string }): Promise<number> {
  return (await db()).sandboxChunk.count({ where });
}

/** Awaits a call expected to fail and checks the OpenAI-shaped error it answers with. */
export async function expectApiError(
  call: Promise<unknown>,
  expected: { status: number; code?: string | null; param?: string | null; message?: string | RegExp },
): Promise<InstanceType<typeof OpenAI.APIError>> {
  const error = await call.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OpenAI.APIError);
  const apiError = error as InstanceType<typeof OpenAI.APIError>;
  expect(apiError.status).toBe(expected.status);
  expect(apiError.type).toBe("invalid_request_error");
  if (expected.code !== undefined) expect(apiError.code).toBe(expected.code);
  if (expected.param !== undefined) expect(apiError.param).toBe(expected.param);
  if (typeof expected.message === "string") expect(apiError.message).toContain(expected.message);
  else if (expected.message) expect(apiError.message).toMatch(expected.message);
  expectSchema("ErrorResponse", { error: apiError.error });
  return apiError;
}
