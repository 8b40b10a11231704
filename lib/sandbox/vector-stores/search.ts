import "server-only";
import { db } from "@/lib/db/client";
import { cosine, embed, fromBytes, words } from "../embedding";
import { invalidRequest } from "../errors";
import { type Filter, matchesFilter, parseFilter } from "./filters";
import { EMBEDDING_DIMENSIONS } from "./ingest";
import { expiresAtFor, requireActiveVectorStore } from "./store";
import type { ExpiresAfter } from "./validate";

// Ranking: the cosine similarity of the query's embedding with each chunk's, blended with the
// share of the query's terms the chunk contains. Cosine alone favours short chunks that repeat
// one of the words over a long one holding all of them; the lexical part puts the file that
// holds the asked-for phrase first. `ranker: "none"` keeps the vector score alone.

// Coverage of the query's terms dominates (a chunk holding every asked-for word beats one holding
// some of them, however often); the vector score orders chunks of equal coverage.
const LEXICAL_WEIGHT = 0.6;

export type Ranker = "none" | "auto" | "default-2024-11-15";

export interface SearchHit {
  fileId: string;
  filename: string;
  score: number;
  text: string;
  attributes: Record<string, unknown> | null;
}

// Words that say nothing about which chunk is meant; ignored by the lexical score and the rewrite.
const STOPWORDS = new Set(
  "a an and are as at be by for from has have how i in is it of on or that the this to was what when where which who why will with".split(
    " ",
  ),
);

function terms(query: string): string[] {
  const all = [...new Set(words(query))];
  const meaningful = all.filter((w) => !STOPWORDS.has(w));
  return meaningful.length ? meaningful : all;
}

/** The deterministic stand-in for query rewriting: the query's meaningful words, lower-cased. */
export function rewriteQuery(query: string): string {
  return terms(query).join(" ") || query;
}

const PAGE = 500;

/** Ranks the completed chunks of the given (active) stores against one or more queries. */
export async function rankChunks(
  vectorStoreIds: string[],
  queries: string[],
  options: { maxResults: number; filter?: Filter; scoreThreshold?: number; ranker?: Ranker },
): Promise<SearchHit[]> {
  const prisma = await db();
  const files = await prisma.sandboxVectorStoreFile.findMany({
    where: { vectorStoreId: { in: vectorStoreIds }, status: "completed" },
    select: { vectorStoreId: true, fileId: true, attributes: true },
  });
  const eligible = new Map<string, Record<string, unknown> | null>();
  for (const file of files) {
    const attributes = file.attributes as Record<string, unknown> | null;
    if (!options.filter || matchesFilter(options.filter, attributes)) eligible.set(`${file.vectorStoreId}/${file.fileId}`, attributes);
  }
  if (!eligible.size) return [];
  const probes = queries.map((q) => ({ vector: embed(q, EMBEDDING_DIMENSIONS), terms: terms(q) }));
  const lexicalWeight = options.ranker === "none" ? 0 : LEXICAL_WEIGHT;
  const threshold = options.scoreThreshold ?? 0;
  type Ranked = { id: bigint; key: string; fileId: string; text: string; score: number };
  let top: Ranked[] = [];
  // Chunks are read a page at a time, keeping only the best few, so a large store is never held
  // in memory at once.
  let after: bigint | undefined;
  for (;;) {
    const page = await prisma.sandboxChunk.findMany({
      where: { vectorStoreId: { in: vectorStoreIds }, ...(after === undefined ? {} : { id: { gt: after } }) },
      orderBy: { id: "asc" },
      take: PAGE,
      select: { id: true, vectorStoreId: true, fileId: true, text: true, embedding: true },
    });
    for (const chunk of page) {
      const key = `${chunk.vectorStoreId}/${chunk.fileId}`;
      if (!eligible.has(key)) continue;
      const vector = fromBytes(chunk.embedding);
      const chunkWords = new Set(words(chunk.text));
      let score = 0;
      for (const probe of probes) {
        const similarity = Math.max(0, cosine(probe.vector, vector));
        const lexical = probe.terms.length ? probe.terms.filter((t) => chunkWords.has(t)).length / probe.terms.length : 0;
        score = Math.max(score, (1 - lexicalWeight) * similarity + lexicalWeight * lexical);
      }
      score = Math.min(1, Math.max(0, Math.round(score * 1e6) / 1e6));
      if (score < threshold) continue;
      top.push({ id: chunk.id, key, fileId: chunk.fileId, text: chunk.text, score });
    }
    // Ties keep ingestion order (the earlier chunk first), so results are stable run to run.
    top.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
    top = top.slice(0, options.maxResults);
    if (page.length < PAGE) break;
    after = page[page.length - 1].id;
  }
  const names = await prisma.sandboxFile.findMany({
    where: { id: { in: [...new Set(top.map((t) => t.fileId))] } },
    select: { id: true, filename: true },
  });
  const filenames = new Map(names.map((n) => [n.id, n.filename]));
  return top.map((hit) => ({
    fileId: hit.fileId,
    // A file deleted from /files after it was indexed still answers; its name is then unknown.
    filename: filenames.get(hit.fileId) ?? hit.fileId,
    score: hit.score,
    text: hit.text,
    attributes: eligible.get(hit.key) ?? null,
  }));
}

/** Searching makes a store active: its expiry, anchored on last_active_at, moves forward. */
export async function touchVectorStores(vectorStoreIds: string[]): Promise<void> {
  const prisma = await db();
  const now = new Date();
  for (const id of vectorStoreIds) {
    const store = await prisma.sandboxVectorStore.findUnique({ where: { id }, select: { expiresAfter: true } });
    if (!store) continue;
    await prisma.sandboxVectorStore.updateMany({
      where: { id },
      data: { lastActiveAt: now, expiresAt: expiresAtFor(store.expiresAfter as ExpiresAfter | null, now) },
    });
  }
}

export function checkScoreThreshold(value: unknown, param: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw invalidRequest(`Invalid type for '${param}': expected a number.`, param, "invalid_type");
  }
  if (value < 0 || value > 1) {
    throw invalidRequest(`Invalid '${param}': expected a value between 0 and 1, but got ${value} instead.`, param, "invalid_value");
  }
  return value;
}

/**
 * Search over several vector stores, for the `file_search` tool of /responses. Unknown or expired
 * stores and bad filters throw the same SandboxErrors the search endpoint answers with.
 */
export async function searchVectorStores(
  project: string,
  vectorStoreIds: string[],
  query: string,
  options: { maxResults: number; filters?: unknown; scoreThreshold?: number },
): Promise<SearchHit[]> {
  const ids = [...new Set(vectorStoreIds)];
  for (const id of ids) await requireActiveVectorStore(project, id);
  const filter = options.filters === undefined || options.filters === null ? undefined : parseFilter(options.filters);
  const scoreThreshold = options.scoreThreshold === undefined ? undefined : checkScoreThreshold(options.scoreThreshold, "score_threshold");
  const maxResults = Number.isFinite(options.maxResults) ? Math.max(1, Math.min(50, Math.floor(options.maxResults))) : 10;
  await touchVectorStores(ids);
  return rankChunks(ids, [query], { maxResults, filter, scoreThreshold });
}
