// Checks of the JSON schemas typed in the playground (function parameters and structured output),
// made as the user types so that a mistake is named before the upstream refuses the request, and
// the check of a structured reply against its schema. @cfworker/json-schema validates without
// generating code (Ajv compiles with `new Function`, which the Content-Security-Policy forbids).
import { type OutputUnit, Validator } from "@cfworker/json-schema";

type Schema = Record<string, unknown>;

export type Parsed = { ok: true; value: unknown } | { ok: false; problem: string };

/** JSON.parse with the line and column of the first mistake. */
export function parseJsonText(text: string): Parsed {
  if (!text.trim()) return { ok: false, problem: "Empty: write a JSON schema." };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = /position (\d+)/.exec(message);
    if (at) {
      const before = text.slice(0, Number(at[1]));
      const line = before.split("\n").length;
      const column = before.length - before.lastIndexOf("\n");
      return {
        ok: false,
        problem: `Not valid JSON at line ${line}, column ${column}: ${message.replace(/ in JSON at position \d+.*$/, "")}.`,
      };
    }
    return { ok: false, problem: `Not valid JSON: ${message}` };
  }
}

function isSchema(value: unknown): value is Schema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const TYPES = ["object", "array", "string", "number", "integer", "boolean", "null"];
// Keywords strict mode does not take (structured outputs' "supported schemas").
const UNSUPPORTED_IN_STRICT = [
  "allOf",
  "not",
  "if",
  "then",
  "else",
  "dependentRequired",
  "dependentSchemas",
  "patternProperties",
  "unevaluatedProperties",
  "unevaluatedItems",
  "propertyNames",
  "minProperties",
  "maxProperties",
  "contains",
];
const MAX_DEPTH = 10;

function where(path: string[]): string {
  return path.length ? path.join(".") : "the root";
}

function children(node: Schema): [string[], unknown][] {
  const out: [string[], unknown][] = [];
  if (isSchema(node.properties)) for (const [key, child] of Object.entries(node.properties)) out.push([["properties", key], child]);
  if (node.items !== undefined) out.push([["items"], node.items]);
  for (const keyword of ["anyOf", "oneOf", "allOf", "prefixItems"]) {
    const list = node[keyword];
    if (Array.isArray(list)) for (const [i, child] of list.entries()) out.push([[keyword, String(i)], child]);
  }
  for (const keyword of ["$defs", "definitions"]) {
    const defs = node[keyword];
    if (isSchema(defs)) for (const [key, child] of Object.entries(defs)) out.push([[keyword, key], child]);
  }
  return out;
}

/** Mistakes that make it no JSON schema at all (a wrong type name, `required` not a list…). */
function shapeProblems(node: unknown, path: string[], problems: string[]): void {
  if (typeof node === "boolean") return;
  if (!isSchema(node)) {
    problems.push(`${where(path)}: a schema must be an object.`);
    return;
  }
  const types = Array.isArray(node.type) ? node.type : node.type === undefined ? [] : [node.type];
  for (const type of types)
    if (!TYPES.includes(type as string))
      problems.push(`${where(path)}: "${String(type)}" is not a JSON schema type (${TYPES.join(", ")}).`);
  if (node.properties !== undefined && !isSchema(node.properties)) problems.push(`${where(path)}: "properties" must be an object.`);
  if (node.required !== undefined && !(Array.isArray(node.required) && node.required.every((r) => typeof r === "string"))) {
    problems.push(`${where(path)}: "required" must be a list of property names.`);
  } else if (Array.isArray(node.required) && isSchema(node.properties)) {
    const properties = node.properties;
    for (const name of node.required as string[])
      if (!(name in properties)) problems.push(`${where(path)}: "${name}" is required but not among the properties.`);
  }
  if (node.enum !== undefined && !Array.isArray(node.enum)) problems.push(`${where(path)}: "enum" must be a list.`);
  for (const [segment, child] of children(node)) shapeProblems(child, [...path, ...segment], problems);
}

/** What strict mode (strict function tools, json_schema with strict) would refuse. */
function strictProblems(node: unknown, path: string[], problems: string[]): void {
  if (!isSchema(node)) return;
  if (path.length / 2 > MAX_DEPTH) {
    problems.push(`${where(path)}: strict mode allows at most ${MAX_DEPTH} levels of nesting.`);
    return;
  }
  const isObject =
    node.type === "object" ||
    (Array.isArray(node.type) && node.type.includes("object")) ||
    (node.type === undefined && isSchema(node.properties));
  if (isObject) {
    if (node.additionalProperties !== false)
      problems.push(`${where(path)}: strict mode needs "additionalProperties": false on every object.`);
    const keys = isSchema(node.properties) ? Object.keys(node.properties) : [];
    const required = Array.isArray(node.required) ? node.required : [];
    const missing = keys.filter((key) => !required.includes(key));
    if (missing.length) {
      problems.push(
        `${where(path)}: strict mode needs every property in "required" (missing: ${missing.join(", ")}); make a property optional with "type": ["string", "null"].`,
      );
    }
  }
  for (const keyword of UNSUPPORTED_IN_STRICT)
    if (keyword in node) problems.push(`${where(path)}: strict mode does not support "${keyword}".`);
  if (typeof node.$ref === "string" && !(node.$ref === "#" || node.$ref.startsWith("#/$defs/") || node.$ref.startsWith("#/definitions/"))) {
    problems.push(`${where(path)}: strict mode only follows $ref within the schema (#/$defs/…).`);
  }
  for (const [segment, child] of children(node)) strictProblems(child, [...path, ...segment], problems);
}

/** Everything wrong with a typed schema: JSON, shape, the root, and strict mode's rules when strict. */
export function checkSchemaText(
  text: string,
  options: { strict: boolean; root: "object" | "any" },
): { schema?: Schema; problems: string[] } {
  const parsed = parseJsonText(text);
  if (!parsed.ok) return { problems: [parsed.problem] };
  const problems: string[] = [];
  shapeProblems(parsed.value, [], problems);
  if (!isSchema(parsed.value)) return { problems };
  const schema = parsed.value;
  if (options.root === "object" && schema.type !== "object") {
    problems.push(`The root must be "type": "object"${schema.anyOf ? " (not anyOf)" : ""}.`);
  }
  if (options.strict) strictProblems(schema, [], problems);
  return { schema, problems: [...new Set(problems)].slice(0, 8) };
}

const FUNCTION_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

export function functionNameProblem(name: string, others: string[]): string | null {
  if (!name) return "Give the function a name.";
  if (!FUNCTION_NAME.test(name)) return "Names use letters, digits, _ and - only (64 at most).";
  if (others.includes(name)) return `Another function is already called ${name}.`;
  return null;
}

/** Whether a structured reply parses and matches its schema, with the first few mismatches. */
export function checkReply(text: string, schema: Schema | null): { json?: unknown; problems: string[] } {
  const parsed = parseJsonText(text);
  if (!parsed.ok) return { problems: [parsed.problem.replace("write a JSON schema", "the reply is empty")] };
  if (!schema) return { json: parsed.value, problems: [] };
  const result = new Validator(schema, "2020-12", false).validate(parsed.value);
  const problems = result.errors
    .filter((error: OutputUnit) => !/^(?:properties|items|anyOf|allOf|\$ref)$/.test(error.keyword) || result.errors.length === 1)
    .map((error: OutputUnit) => `${error.instanceLocation.replace(/^#/, "") || "/"}: ${error.error}`);
  return { json: parsed.value, problems: problems.slice(0, 6) };
}

export const SCHEMA_EXAMPLES: { label: string; name: string; schema: Schema }[] = [
  {
    label: "Weather report",
    name: "weather",
    schema: {
      type: "object",
      properties: {
        city: { type: "string" },
        temperature_c: { type: "number" },
        conditions: { type: "string", enum: ["sunny", "cloudy", "rain", "snow"] },
      },
      required: ["city", "temperature_c", "conditions"],
      additionalProperties: false,
    },
  },
  {
    label: "Contact card",
    name: "contact",
    schema: {
      type: "object",
      properties: {
        name: { type: "string" },
        email: { type: ["string", "null"] },
        tags: { type: "array", items: { type: "string" } },
      },
      required: ["name", "email", "tags"],
      additionalProperties: false,
    },
  },
  {
    label: "Steps of a plan",
    name: "plan",
    schema: {
      type: "object",
      properties: {
        goal: { type: "string" },
        steps: {
          type: "array",
          items: {
            type: "object",
            properties: { title: { type: "string" }, minutes: { type: "integer" } },
            required: ["title", "minutes"],
            additionalProperties: false,
          },
        },
      },
      required: ["goal", "steps"],
      additionalProperties: false,
    },
  },
];

export const FUNCTION_EXAMPLE = {
  type: "object",
  properties: { city: { type: "string", description: "The city, e.g. Lisbon" } },
  required: ["city"],
  additionalProperties: false,
};
