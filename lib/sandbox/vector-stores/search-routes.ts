import "server-only";
import type { Route } from "../context";
import { invalidRequest, missingParameter } from "../errors";
import { parseFilter } from "./filters";
import { checkScoreThreshold, type Ranker, rankChunks, rewriteQuery, touchVectorStores } from "./search";
import { requireActiveVectorStore } from "./store";
import { arrayOf, integerInRange, invalidType, rejectUnknown, requireObject } from "./validate";

// POST /vector_stores/{id}/search.

const RANKERS: Ranker[] = ["none", "auto", "default-2024-11-15"];

function queries(value: unknown): string[] {
  if (value === undefined || value === null) throw missingParameter("query");
  const list = typeof value === "string" ? [value] : arrayOf(value, "query", { min: 1, max: 20 });
  return list.map((item, index) => {
    const param = typeof value === "string" ? "query" : `query[${index}]`;
    if (typeof item !== "string") throw invalidType(param, "a string", item);
    if (!item.trim()) throw invalidRequest(`Invalid '${param}': the query must not be empty.`, param, "empty_string");
    return item;
  });
}

export const searchRoutes: Route[] = [
  {
    method: "POST",
    pattern: /^\/vector_stores\/([^/]+)\/search$/,
    handle: async (ctx) => {
      const store = await requireActiveVectorStore(ctx.project, ctx.params[0]);
      const body = await ctx.json();
      rejectUnknown(body, ["query", "rewrite_query", "max_num_results", "filters", "ranking_options"]);
      let asked = queries(body.query);
      if (body.rewrite_query !== undefined && typeof body.rewrite_query !== "boolean") {
        throw invalidType("rewrite_query", "a boolean", body.rewrite_query);
      }
      if (body.rewrite_query) asked = asked.map(rewriteQuery);
      const maxResults = body.max_num_results === undefined ? 10 : integerInRange(body.max_num_results, "max_num_results", 1, 50);
      const filter = body.filters === undefined || body.filters === null ? undefined : parseFilter(body.filters);
      let ranker: Ranker = "auto";
      let scoreThreshold = 0;
      if (body.ranking_options !== undefined && body.ranking_options !== null) {
        const options = requireObject(body.ranking_options, "ranking_options");
        rejectUnknown(options, ["ranker", "score_threshold"], "ranking_options.");
        if (options.ranker !== undefined) {
          if (!RANKERS.includes(options.ranker as Ranker)) {
            throw invalidRequest(
              `Invalid value: '${String(options.ranker)}'. Supported values are: ${RANKERS.map((r) => `'${r}'`).join(", ")}.`,
              "ranking_options.ranker",
              "invalid_value",
            );
          }
          ranker = options.ranker as Ranker;
        }
        if (options.score_threshold !== undefined)
          scoreThreshold = checkScoreThreshold(options.score_threshold, "ranking_options.score_threshold");
      }
      await touchVectorStores([store.id]);
      const hits = await rankChunks([store.id], asked, { maxResults, filter, scoreThreshold, ranker });
      return {
        object: "vector_store.search_results.page",
        search_query: asked,
        data: hits.map((hit) => ({
          file_id: hit.fileId,
          filename: hit.filename,
          score: hit.score,
          attributes: hit.attributes ?? {},
          content: [{ type: "text", text: hit.text }],
        })),
        has_more: false,
        next_page: null,
      };
    },
  },
];
