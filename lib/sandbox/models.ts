import "server-only";
import { modelNotFound } from "./errors";

export interface SandboxModel {
  id: string;
  created: number;
  kind: "chat" | "reasoning" | "embedding";
  contextWindow: number;
  maxOutputTokens: number;
  embeddingDimensions?: number;
}

// Every model says what it is: "sandbox-…". They answer deterministically from their input.
export const SANDBOX_MODELS: SandboxModel[] = [
  { id: "sandbox-chat", created: 1767225600, kind: "chat", contextWindow: 128_000, maxOutputTokens: 16_384 },
  { id: "sandbox-chat-mini", created: 1767225600, kind: "chat", contextWindow: 128_000, maxOutputTokens: 16_384 },
  { id: "sandbox-reasoning", created: 1767225600, kind: "reasoning", contextWindow: 200_000, maxOutputTokens: 100_000 },
  {
    id: "sandbox-embed-small",
    created: 1767225600,
    kind: "embedding",
    contextWindow: 8_191,
    maxOutputTokens: 0,
    embeddingDimensions: 1536,
  },
];

export function modelObject(model: SandboxModel) {
  return { id: model.id, object: "model" as const, created: model.created, owned_by: "switchboard-sandbox" };
}

export async function listModels(): Promise<SandboxModel[]> {
  // Fine-tuned `ft:` models join this list when the fine-tuning issue lands.
  return SANDBOX_MODELS;
}

export async function findModel(id: string): Promise<SandboxModel | undefined> {
  return (await listModels()).find((model) => model.id === id);
}

/** The model a request names, which must exist and be of one of the given kinds. */
export async function requireModel(id: unknown, kinds: SandboxModel["kind"][]): Promise<SandboxModel> {
  if (typeof id !== "string" || !id) throw modelNotFound(String(id ?? ""));
  const model = await findModel(id);
  if (!model || !kinds.includes(model.kind)) throw modelNotFound(id);
  return model;
}
