import fs from "node:fs";
import path from "node:path";
import Ajv2020, { type ValidateFunction } from "ajv/dist/2020";

// Contract tests validate against OpenAI's own OpenAPI description, kept beside the repository in
// ../shared. Without it they skip and say why; under CI its absence is a failure.
export const OPENAPI_PATH = path.resolve("../shared/openai-openapi/openapi.json");
export const openapiAvailable = fs.existsSync(OPENAPI_PATH);
if (!openapiAvailable && process.env.CI === "true") {
  throw new Error(`The OpenAPI description is missing at ${OPENAPI_PATH}; contract tests cannot run in CI without it.`);
}
export const skipWithoutSpec = openapiAvailable ? "" : `skipped: no OpenAPI description at ${OPENAPI_PATH}`;

let ajv: Ajv2020 | undefined;
const compiled = new Map<string, ValidateFunction>();

// The 3.1 document still carries 3.0 habits; rewrite them into JSON Schema 2020-12.
function normalise(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normalise);
  if (!node || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) out[key] = normalise(value);
  // `allOf: [{ $ref }, { nullable: true }]` is how the document marks a nullable reference.
  if (Array.isArray(out.allOf) && out.allOf.some(isBareNullable)) {
    const rest = (out.allOf as unknown[]).filter((member) => !isBareNullable(member));
    delete out.allOf;
    return { anyOf: [{ ...out, allOf: rest }, { type: "null" }] };
  }
  if (out.nullable === true) {
    delete out.nullable;
    // An enum restricts the value on its own, so null must join it as well as the type.
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    if (typeof out.type === "string") out.type = [out.type, "null"];
    else if (Array.isArray(out.type) && !out.type.includes("null")) out.type = [...out.type, "null"];
    else if (!out.type && !out.enum) return { anyOf: [out, { type: "null" }] };
  }
  for (const bound of ["exclusiveMinimum", "exclusiveMaximum"] as const) {
    if (typeof out[bound] === "boolean") {
      const limit = bound === "exclusiveMinimum" ? "minimum" : "maximum";
      if (out[bound] && typeof out[limit] === "number") out[bound] = out[limit];
      else delete out[bound];
      if (out[bound] !== undefined) delete out[limit];
    }
  }
  return out;
}

// After normalising, a bare `{ nullable: true }` has become `{ anyOf: [{}, { type: "null" }] }`.
function isBareNullable(member: unknown): boolean {
  const anyOf = (member as { anyOf?: unknown[] })?.anyOf;
  return (
    Object.keys(member ?? {}).length === 1 &&
    Array.isArray(anyOf) &&
    anyOf.length === 2 &&
    Object.keys(anyOf[0] as object).length === 0 &&
    (anyOf[1] as { type?: string }).type === "null"
  );
}

function instance(): Ajv2020 {
  if (ajv) return ajv;
  const spec = JSON.parse(fs.readFileSync(OPENAPI_PATH, "utf8"));
  ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  ajv.addKeyword({ keyword: "discriminator" });
  ajv.addFormat("unixtime", { type: "number", validate: (value: number) => Number.isInteger(value) && value >= 0 });
  for (const format of ["uri", "binary", "int64", "int32", "double", "float", "date-time", "email"]) ajv.addFormat(format, () => true);
  ajv.addSchema({ $id: "openapi", components: { schemas: normalise(spec.components.schemas) } });
  return ajv;
}

/** Validates a value against components.schemas[name]; returns readable errors, empty when valid. */
export function schemaErrors(name: string, value: unknown): string[] {
  let validate = compiled.get(name);
  if (!validate) {
    validate = instance().getSchema(`openapi#/components/schemas/${name}`);
    if (!validate) throw new Error(`No schema ${name} in the OpenAPI description`);
    compiled.set(name, validate);
  }
  if (validate(value)) return [];
  return (validate.errors ?? []).slice(0, 10).map((e) => `${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`);
}

export function expectSchema(name: string, value: unknown): void {
  const errors = schemaErrors(name, value);
  if (errors.length)
    throw new Error(`${name} does not match the OpenAPI schema:\n${errors.join("\n")}\n${JSON.stringify(value).slice(0, 2000)}`);
}
