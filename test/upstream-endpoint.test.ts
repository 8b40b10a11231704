import { describe, expect, test } from "vitest";
import { endpointOf, isModelCall } from "@/lib/upstream/endpoint";

describe("endpointOf", () => {
  test("names a path without its ids, the same every time it is asked", () => {
    for (let i = 0; i < 2; i++) {
      expect(endpointOf("/chat/completions")).toBe("/chat/completions");
      expect(endpointOf("/files/file-abc/content")).toBe("/files/{id}/content");
      expect(endpointOf("/vector_stores/vs_1/file_batches/vsfb_2/cancel")).toBe("/vector_stores/{id}/file_batches/{id}/cancel");
      expect(endpointOf("/responses/")).toBe("/responses");
      expect(endpointOf("/models/gpt-4.1")).toBe("/models/{id}");
    }
  });

  test("made-up paths are still named after the first thousand", () => {
    for (let i = 0; i < 1100; i++) endpointOf(`/${"files/".repeat(i + 2)}`.slice(0, -1));
    expect(endpointOf("/batches/batch_9")).toBe("/batches/{id}");
    expect(endpointOf("/embeddings")).toBe("/embeddings");
  });

  test("model calls are the POSTs that run a model", () => {
    expect(isModelCall("POST", endpointOf("/chat/completions"))).toBe(true);
    expect(isModelCall("GET", endpointOf("/chat/completions"))).toBe(false);
    expect(isModelCall("POST", endpointOf("/files"))).toBe(false);
  });
});
