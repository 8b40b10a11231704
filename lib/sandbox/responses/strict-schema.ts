import "server-only";

// The checks the real API makes on a schema used in strict mode (structured outputs and strict
// function tools), with its messages: the root is an object, and every object says
// `additionalProperties: false` and lists every property in `required`. The real API has more
// rules (supported keywords, nesting and size limits); these are the ones people actually trip on.

type Schema = Record<string, unknown>;

function isSchema(value: unknown): value is Schema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Python's repr of a tuple of strings, as the real API prints the path: (), ('items',), ('a', 'b'). */
function context(path: string[]): string {
  if (!path.length) return "()";
  const parts = path.map((p) => `'${p}'`);
  return parts.length === 1 ? `(${parts[0]},)` : `(${parts.join(", ")})`;
}

function isObjectNode(node: Schema): boolean {
  if (node.type === "object") return true;
  if (Array.isArray(node.type) && node.type.includes("object")) return true;
  return node.type === undefined && isSchema(node.properties);
}

function firstProblem(node: unknown, path: string[]): string | undefined {
  if (!isSchema(node)) return undefined;
  if (isObjectNode(node)) {
    if (node.additionalProperties !== false) {
      return `In context=${context(path)}, 'additionalProperties' is required to be supplied and to be false.`;
    }
    const keys = isSchema(node.properties) ? Object.keys(node.properties) : [];
    const required = Array.isArray(node.required) ? node.required : [];
    const missing = keys.find((key) => !required.includes(key));
    if (missing !== undefined) {
      return `In context=${context(path)}, 'required' is required to be supplied and to be an array including every key in properties. Missing '${missing}'.`;
    }
  }
  const children: [string[], unknown][] = [];
  if (isSchema(node.properties)) for (const [key, child] of Object.entries(node.properties)) children.push([["properties", key], child]);
  if (node.items !== undefined) children.push([["items"], node.items]);
  for (const keyword of ["anyOf", "oneOf", "allOf", "prefixItems"]) {
    const list = node[keyword];
    if (Array.isArray(list)) {
      list.forEach((child, i) => {
        children.push([[keyword, String(i)], child]);
      });
    }
  }
  for (const keyword of ["$defs", "definitions"]) {
    const defs = node[keyword];
    if (isSchema(defs)) for (const [key, child] of Object.entries(defs)) children.push([[keyword, key], child]);
  }
  for (const [segment, child] of children) {
    const problem = firstProblem(child, [...path, ...segment]);
    if (problem) return problem;
  }
  return undefined;
}

/**
 * Why the real API would refuse this schema in strict mode, as the sentence it ends its message
 * with; undefined when it would accept it.
 */
export function strictSchemaProblem(schema: unknown): string | undefined {
  if (!isSchema(schema)) return "schema must be a JSON Schema of 'type: \"object\"'.";
  if (schema.type !== "object") {
    const got = schema.type === undefined ? (schema.anyOf ? "anyOf" : "None") : JSON.stringify(schema.type);
    return `schema must be a JSON Schema of 'type: "object"', got 'type: ${got}'.`;
  }
  return firstProblem(schema, []);
}
