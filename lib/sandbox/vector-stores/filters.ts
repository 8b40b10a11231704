import "server-only";
import { invalidRequest, missingParameter } from "../errors";
import { invalidType, rejectUnknown, requireObject } from "./validate";

// Attribute filters of `search` and of the `file_search` tool: ComparisonFilter and CompoundFilter
// as the OpenAPI description has them, validated up front so a bad filter is a 400 naming the
// offending part rather than a search that silently matches nothing.

type Scalar = string | number | boolean;
export type Filter =
  | { type: "eq" | "ne" | "gt" | "gte" | "lt" | "lte"; key: string; value: Scalar }
  | { type: "in" | "nin"; key: string; value: (string | number)[] }
  | { type: "and" | "or"; filters: Filter[] };

const COMPARISONS = ["eq", "ne", "gt", "gte", "lt", "lte", "in", "nin"];
const COMPOUNDS = ["and", "or"];
const MAX_DEPTH = 8;

export function parseFilter(value: unknown, param = "filters", depth = 0): Filter {
  const body = requireObject(value, param);
  if (body.type === undefined) throw missingParameter(`${param}.type`);
  const type = body.type;
  if (typeof type !== "string" || (!COMPARISONS.includes(type) && !COMPOUNDS.includes(type))) {
    throw invalidRequest(
      `Invalid value: '${String(type)}'. Supported values are: ${[...COMPARISONS, ...COMPOUNDS].map((t) => `'${t}'`).join(", ")}.`,
      `${param}.type`,
      "invalid_value",
    );
  }
  if (COMPOUNDS.includes(type)) {
    if (depth >= MAX_DEPTH) throw invalidRequest(`Invalid '${param}': filters are nested too deeply.`, param, "invalid_value");
    rejectUnknown(body, ["type", "filters"], `${param}.`);
    if (body.filters === undefined) throw missingParameter(`${param}.filters`);
    if (!Array.isArray(body.filters)) throw invalidType(`${param}.filters`, "an array", body.filters);
    if (!body.filters.length) {
      throw invalidRequest(
        `Invalid '${param}.filters': empty array. Expected an array with minimum length 1, but got an empty array instead.`,
        `${param}.filters`,
        "empty_array",
      );
    }
    const filters = body.filters.map((item, index) => parseFilter(item, `${param}.filters[${index}]`, depth + 1));
    return { type: type as "and" | "or", filters };
  }
  rejectUnknown(body, ["type", "key", "value"], `${param}.`);
  if (body.key === undefined) throw missingParameter(`${param}.key`);
  if (typeof body.key !== "string") throw invalidType(`${param}.key`, "a string", body.key);
  if (body.value === undefined) throw missingParameter(`${param}.value`);
  const expected = body.value;
  if (type === "in" || type === "nin") {
    if (!Array.isArray(expected)) throw invalidType(`${param}.value`, "an array", expected);
    expected.forEach((item, index) => {
      if (typeof item !== "string" && typeof item !== "number") throw invalidType(`${param}.value[${index}]`, "a string or number", item);
    });
    return { type, key: body.key, value: expected as (string | number)[] };
  }
  if (typeof expected !== "string" && typeof expected !== "number" && typeof expected !== "boolean") {
    throw invalidType(`${param}.value`, "a string, number or boolean", expected);
  }
  return { type: type as "eq", key: body.key, value: expected };
}

function compare(actual: Scalar, expected: Scalar): number | undefined {
  if (typeof actual !== typeof expected) return undefined;
  if (actual === expected) return 0;
  return actual < expected ? -1 : 1;
}

/** Whether a file's attributes pass the filter. A missing key matches only `ne` and `nin`. */
export function matchesFilter(filter: Filter, attributes: Record<string, unknown> | null): boolean {
  if ("filters" in filter) {
    const check = (f: Filter) => matchesFilter(f, attributes);
    return filter.type === "and" ? filter.filters.every(check) : filter.filters.some(check);
  }
  const actual = attributes?.[filter.key];
  const present = typeof actual === "string" || typeof actual === "number" || typeof actual === "boolean";
  if (Array.isArray(filter.value)) {
    const found = present && filter.value.some((v) => v === actual);
    return filter.type === "in" ? found : !found;
  }
  if (!present) return filter.type === "ne";
  const order = compare(actual, filter.value);
  switch (filter.type) {
    case "eq":
      return order === 0;
    case "ne":
      return order !== 0;
    case "gt":
      return order !== undefined && order > 0;
    case "gte":
      return order !== undefined && order >= 0;
    case "lt":
      return order !== undefined && order < 0;
    // lte
    default:
      return order !== undefined && order <= 0;
  }
}
