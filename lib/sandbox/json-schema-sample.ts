import "server-only";
import { createHash } from "node:crypto";

// A value valid against a JSON schema, made from the words and numbers of the input: function-call
// arguments and structured outputs of the sandbox models. "What's the weather in Paris?" against
// { city: string } gives { "city": "Paris" }. Covers the subset of JSON Schema that tools and
// structured outputs use (types, properties, required, items, enum, const, anyOf/oneOf/allOf,
// $ref into $defs/definitions, string length and formats, numeric bounds); a `pattern` is met when
// one of a few candidates matches it, otherwise the value may not match.

type Schema = Record<string, unknown>;

const MAX_DEPTH = 6;

export interface SampleSource {
  /** Content words of the input, capitalised ones (names, places) first. */
  words: string[];
  numbers: number[];
}

export function sampleSource(words: string[], text: string): SampleSource {
  // A capital letter marks a name only where a sentence does not start.
  const named = new Set<string>();
  for (const match of text.matchAll(/(^|[.!?]\s+|\s+|["'(])(\p{Lu}[\p{L}\p{N}_'-]*)/gu)) {
    const sentenceStart = match.index === 0 || /[.!?]\s+$/.test(match[1]) || /[.!?]\s*$/.test(text.slice(0, match.index).trimEnd());
    if (!sentenceStart) named.add(match[2]);
  }
  const proper = words.filter((w) => named.has(w));
  const rest = words.filter((w) => !named.has(w) && !/^\d/.test(w));
  const numbers = (text.match(/-?\d+(?:\.\d+)?/g) ?? []).map(Number).filter(Number.isFinite);
  return { words: [...proper, ...rest], numbers };
}

export function sampleFromSchema(schema: unknown, source: SampleSource): unknown {
  const state = { wordIndex: 0, numberIndex: 0 };
  const root = isSchema(schema) ? schema : {};

  function nextWord(): string {
    if (!source.words.length) return "sandbox";
    return source.words[state.wordIndex++ % source.words.length];
  }

  function nextNumber(): number | undefined {
    if (state.numberIndex >= source.numbers.length) return undefined;
    return source.numbers[state.numberIndex++];
  }

  function resolve(node: Schema): Schema {
    let current = node;
    for (let hops = 0; typeof current.$ref === "string" && hops < 20; hops++) {
      const target = lookup(root, current.$ref);
      if (!target) return {};
      const { $ref: _ref, ...siblings } = current;
      current = { ...target, ...siblings };
    }
    return current;
  }

  function sample(raw: unknown, depth: number, key: string): unknown {
    if (raw === true || raw === undefined) return nextWord();
    if (!isSchema(raw)) return null;
    const node = resolve(raw);
    if ("const" in node) return node.const;
    if (Array.isArray(node.enum) && node.enum.length) return pickEnum(node.enum);
    const branches = (node.anyOf ?? node.oneOf) as unknown[] | undefined;
    if (Array.isArray(branches) && branches.length) return sample(pickBranch(branches, depth), depth + 1, key);
    if (Array.isArray(node.allOf)) {
      return sample(
        mergeAll(
          node,
          node.allOf.map((part) => (isSchema(part) ? resolve(part) : part)),
        ),
        depth,
        key,
      );
    }
    const type = pickType(node, depth);
    switch (type) {
      case "object":
        return sampleObject(node, depth);
      case "array":
        return sampleArray(node, depth, key);
      case "string":
        return sampleString(node, key);
      case "integer":
      case "number":
        return sampleNumber(node, type);
      case "boolean":
        return true;
      case "null":
        return null;
      default:
        return nextWord();
    }
  }

  function pickEnum(values: unknown[]): unknown {
    const lower = new Set(source.words.map((w) => w.toLowerCase()));
    return values.find((v) => typeof v === "string" && lower.has(v.toLowerCase())) ?? values[0];
  }

  // Prefer an informative branch; deep in a recursive schema prefer one that ends the recursion.
  function pickBranch(branches: unknown[], depth: number): unknown {
    const resolved = branches.map((b) => (isSchema(b) ? resolve(b) : b));
    const isNull = (b: unknown) => isSchema(b) && b.type === "null";
    const isLeaf = (b: unknown) => isSchema(b) && typeof b.type === "string" && !["object", "array"].includes(b.type);
    if (depth >= MAX_DEPTH) return resolved.find(isNull) ?? resolved.find(isLeaf) ?? resolved[0];
    return resolved.find((b) => !isNull(b)) ?? resolved[0];
  }

  function pickType(node: Schema, depth: number): string | undefined {
    const type = node.type;
    if (typeof type === "string") return type;
    if (Array.isArray(type)) {
      if (depth >= MAX_DEPTH && type.includes("null")) return "null";
      return (type.find((t) => t !== "null") as string | undefined) ?? "null";
    }
    if (node.properties) return "object";
    if (node.items) return "array";
    return undefined;
  }

  function sampleObject(node: Schema, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const properties = isSchema(node.properties) ? node.properties : {};
    const required = new Set(Array.isArray(node.required) ? (node.required as string[]) : []);
    for (const [name, child] of Object.entries(properties)) {
      // Deep in a recursive schema, optional properties are left out to end the recursion.
      if (depth >= MAX_DEPTH && !required.has(name)) continue;
      out[name] = sample(child, depth + 1, name);
    }
    for (const name of required) if (!(name in out)) out[name] = nextWord();
    return out;
  }

  function sampleArray(node: Schema, depth: number, key: string): unknown[] {
    const min = typeof node.minItems === "number" ? node.minItems : 0;
    const max = typeof node.maxItems === "number" ? node.maxItems : Number.POSITIVE_INFINITY;
    const count = Math.min(max, Math.max(min, depth >= MAX_DEPTH ? 0 : 1));
    const items: unknown[] = [];
    const prefix = Array.isArray(node.prefixItems) ? node.prefixItems : [];
    for (let i = 0; i < Math.max(count, prefix.length); i++) items.push(sample(prefix[i] ?? node.items, depth + 1, key));
    return items;
  }

  function sampleString(node: Schema, key: string): string {
    let value = formatted(node.format, key) ?? nextWord();
    if (typeof node.pattern === "string") value = matchPattern(node.pattern, value);
    const min = typeof node.minLength === "number" ? node.minLength : 0;
    const max = typeof node.maxLength === "number" ? node.maxLength : Number.POSITIVE_INFINITY;
    for (let i = 0; value.length < min && i < 50; i++) value += ` ${nextWord()}`;
    if (value.length < min) value = value.padEnd(min, "x");
    return value.length > max ? value.slice(0, max) : value;
  }

  function formatted(format: unknown, key: string): string | undefined {
    switch (format) {
      case "date-time":
        return "2026-01-01T00:00:00Z";
      case "date":
        return "2026-01-01";
      case "time":
        return "12:00:00Z";
      case "duration":
        return "PT1H";
      case "email":
        return `${
          nextWord()
            .toLowerCase()
            .replace(/[^a-z0-9]/g, "") || "sandbox"
        }@example.com`;
      case "hostname":
        return "example.com";
      case "ipv4":
        return "192.0.2.1";
      case "ipv6":
        return "2001:db8::1";
      case "uri":
        return `https://example.com/${encodeURIComponent(nextWord().toLowerCase())}`;
      case "uuid": {
        const hex = createHash("sha1")
          .update(`${key}:${source.words.join(" ")}`)
          .digest("hex");
        return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
      }
      default:
        return undefined;
    }
  }

  function matchPattern(pattern: string, preferred: string): string {
    let regex: RegExp;
    try {
      regex = new RegExp(pattern, "u");
    } catch {
      return preferred;
    }
    const candidates = [preferred, ...source.words, stringForPattern(pattern), "a", "A", "0", "sandbox", "2026-01-01", "abc123", ""];
    return candidates.find((c) => c !== undefined && regex.test(c)) ?? preferred;
  }

  function sampleNumber(node: Schema, type: "integer" | "number"): number {
    let low = typeof node.minimum === "number" ? node.minimum : Number.NEGATIVE_INFINITY;
    let high = typeof node.maximum === "number" ? node.maximum : Number.POSITIVE_INFINITY;
    const step = typeof node.multipleOf === "number" && node.multipleOf > 0 ? node.multipleOf : type === "integer" ? 1 : 0;
    const exclusiveStep = step || 0.5;
    if (typeof node.exclusiveMinimum === "number") low = Math.max(low, node.exclusiveMinimum + exclusiveStep);
    if (typeof node.exclusiveMaximum === "number") high = Math.min(high, node.exclusiveMaximum - exclusiveStep);
    let value = nextNumber() ?? (low > 0 ? low : high < 0 ? high : 1);
    value = Math.min(high, Math.max(low, value));
    if (step) value = Math.ceil(value / step) * step;
    if (step && value > high) value -= step;
    if (type === "integer") value = Math.round(value);
    return value;
  }

  return sample(root, 0, "");
}

function isSchema(value: unknown): value is Schema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function lookup(root: Schema, ref: string): Schema | undefined {
  if (ref === "#") return root;
  if (!ref.startsWith("#/")) return undefined;
  let node: unknown = root;
  for (const part of ref.slice(2).split("/")) {
    const key = decodeURIComponent(part.replace(/~1/g, "/").replace(/~0/g, "~"));
    node = isSchema(node) ? node[key] : undefined;
  }
  return isSchema(node) ? node : undefined;
}

function mergeAll(node: Schema, parts: unknown[]): Schema {
  const merged: Schema = { ...node };
  delete merged.allOf;
  const properties: Schema = { ...(isSchema(node.properties) ? node.properties : {}) };
  const required = new Set<string>(Array.isArray(node.required) ? (node.required as string[]) : []);
  for (const part of parts) {
    if (!isSchema(part)) continue;
    Object.assign(merged, part);
    if (isSchema(part.properties)) Object.assign(properties, part.properties);
    if (Array.isArray(part.required)) for (const name of part.required) required.add(String(name));
  }
  if (Object.keys(properties).length) merged.properties = properties;
  if (required.size) merged.required = [...required];
  return merged;
}

/**
 * The shortest string a simple regular expression matches: literals, classes, \\d \\w \\s, groups
 * with alternatives (the first is taken) and quantifiers (their minimum). Lookarounds and
 * backreferences are beyond it; the caller checks the result against the pattern anyway.
 */
export function stringForPattern(pattern: string): string | undefined {
  let at = 0;
  const pickFromClass = (body: string): string => {
    const negated = body.startsWith("^");
    const chars = negated ? body.slice(1) : body;
    const ranges: [string, string][] = [];
    for (let i = 0; i < chars.length; i++) {
      let c = chars[i];
      if (c === "\\") c = { d: "0", w: "a", s: " " }[chars[++i]] ?? chars[i];
      if (chars[i + 1] === "-" && i + 2 < chars.length) {
        ranges.push([c, chars[i + 2]]);
        i += 2;
      } else ranges.push([c, c]);
    }
    const inSet = (c: string) => ranges.some(([low, high]) => c >= low && c <= high);
    if (!negated) return ranges[0]?.[0] ?? "a";
    return ["a", "A", "0", "_", " ", "-"].find((c) => !inSet(c)) ?? "~";
  };
  const sequence = (): string | undefined => {
    let out = "";
    while (at < pattern.length && pattern[at] !== "|" && pattern[at] !== ")") {
      let atom: string | undefined;
      const c = pattern[at++];
      if (c === "^" || c === "$") continue;
      if (c === "(") {
        if (pattern.startsWith("?:", at)) at += 2;
        else if (pattern[at] === "?") return undefined;
        atom = alternatives();
        if (pattern[at++] !== ")") return undefined;
      } else if (c === "[") {
        const end = pattern.indexOf("]", at + 1);
        if (end < 0) return undefined;
        atom = pickFromClass(pattern.slice(at, end));
        at = end + 1;
      } else if (c === "\\") {
        const e = pattern[at++];
        if (/[1-9bB]/.test(e)) return undefined;
        atom = { d: "0", w: "a", s: " ", D: "a", W: "-", S: "a", n: "\n", t: "\t" }[e] ?? e;
      } else atom = c === "." ? "a" : c;
      if (atom === undefined) return undefined;
      let times = 1;
      const q = pattern[at];
      if (q === "*" || q === "?") [times, at] = [0, at + 1];
      else if (q === "+") [times, at] = [1, at + 1];
      else if (q === "{") {
        const m = /^\{(\d+)(?:,(\d*))?\}/.exec(pattern.slice(at));
        if (m) [times, at] = [Number(m[1]), at + m[0].length];
      }
      if (pattern[at] === "?") at++;
      out += atom.repeat(times);
    }
    return out;
  };
  const alternatives = (): string | undefined => {
    const first = sequence();
    while (pattern[at] === "|") {
      at++;
      sequence();
    }
    return first;
  };
  try {
    const result = alternatives();
    return at >= pattern.length ? result : undefined;
  } catch {
    return undefined;
  }
}
