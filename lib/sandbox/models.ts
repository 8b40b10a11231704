import "server-only";
import { modelNotFound } from "./errors";
import { findFineTunedModel, listFineTunedModels, ORGANIZATION } from "./fine-tuning/store";

export interface SandboxModel {
  id: string;
  created: number;
  kind: "chat" | "reasoning" | "embedding";
  contextWindow: number;
  maxOutputTokens: number;
  embeddingDimensions?: number;
  /** Fine-tuned models are their project's: owned by its organization, answering as their base does. */
  ownedBy?: string;
  base?: string;
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
  return { id: model.id, object: "model" as const, created: model.created, owned_by: model.ownedBy ?? "switchboard-sandbox" };
}

function fineTuned(name: string, base: string, created: number): SandboxModel | undefined {
  const model = SANDBOX_MODELS.find((m) => m.id === base);
  return model && { ...model, id: name, created, ownedBy: ORGANIZATION, base };
}

/** The sandbox's models, and the fine-tuned models of `project` (checkpoints are found, not listed). */
export async function listModels(project?: string): Promise<SandboxModel[]> {
  if (project === undefined) return SANDBOX_MODELS;
  const tuned = await listFineTunedModels(project);
  return [...SANDBOX_MODELS, ...tuned.flatMap((m) => fineTuned(m.name, m.base, m.created) ?? [])];
}

export async function findModel(id: string, project?: string): Promise<SandboxModel | undefined> {
  if (id.startsWith("ft:")) {
    if (project === undefined) return undefined;
    const found = await findFineTunedModel(project, id);
    return found ? fineTuned(id, found.base, found.created) : undefined;
  }
  return SANDBOX_MODELS.find((model) => model.id === id);
}

/** The model a request names, which must exist and be of one of the given kinds. */
export async function requireModel(id: unknown, kinds: SandboxModel["kind"][], project?: string): Promise<SandboxModel> {
  if (typeof id !== "string" || !id) throw modelNotFound(String(id ?? ""));
  const model = await findModel(id, project);
  if (!model || !kinds.includes(model.kind)) throw modelNotFound(id);
  return model;
}
