import "server-only";
import { quote } from "../generate";
import { searchVectorStores } from "../vector-stores/search";
import type { FileSearchOutcome } from "./run";
import type { FileSearchSpec } from "./tools";

// The file_search tool: the latest user text searched in the tool's vector stores (their own
// chunking and ranking), the best passages quoted in the answer and their files cited.

const QUOTED_FILES = 3;

export async function searchFiles(
  project: string,
  spec: FileSearchSpec,
  query: string,
  includeResults: boolean,
): Promise<{ outcome: FileSearchOutcome; notes: string[] }> {
  const hits = await searchVectorStores(project, spec.vectorStoreIds, query, {
    maxResults: spec.maxNumResults,
    filters: spec.filters ?? undefined,
    scoreThreshold: spec.scoreThreshold,
  });
  const results = hits.map((hit) => ({
    file_id: hit.fileId,
    filename: hit.filename,
    score: hit.score,
    text: hit.text,
    attributes: hit.attributes,
  }));
  const quoted = new Set<string>();
  const notes: string[] = [];
  for (const hit of hits) {
    if (quoted.has(hit.fileId) || quoted.size >= QUOTED_FILES) continue;
    quoted.add(hit.fileId);
    notes.push(`From ${hit.filename}: "${quote(hit.text, 160)}".`);
  }
  if (!notes.length) notes.push(`The file search found nothing for "${quote(query, 80)}".`);
  return { outcome: { query, results, includeResults }, notes };
}
