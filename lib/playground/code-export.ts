// The request of a turn as code to run elsewhere: curl, JavaScript and Python with the official
// `openai` packages. The body is the one the page sent, byte for byte in meaning. No key is ever
// written: every snippet reads OPENAI_API_KEY from the environment. With a base URL (Switchboard's
// gateway), the snippet names it; without, the SDKs use OPENAI_BASE_URL or the OpenAI API.
import type { PlaygroundApi } from "./state";

export type CodeLanguage = "curl" | "javascript" | "python";

const OPENAI_BASE = "https://api.openai.com/v1";

function path(api: PlaygroundApi): string {
  return api === "responses" ? "/responses" : "/chat/completions";
}

export function toCurl(api: PlaygroundApi, body: Record<string, unknown>, baseUrl?: string): string {
  const json = JSON.stringify(body, null, 2).replaceAll("'", "'\\''");
  return [
    `curl ${baseUrl ?? OPENAI_BASE}${path(api)} \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -H "Authorization: Bearer $OPENAI_API_KEY" \\`,
    ...(body.stream ? ["  -N \\"] : []),
    `  -d '${json}'`,
  ].join("\n");
}

function indent(text: string, by: string): string {
  return text.replaceAll("\n", `\n${by}`);
}

export function toJavaScript(api: PlaygroundApi, body: Record<string, unknown>, baseUrl?: string): string {
  const client = baseUrl ? `new OpenAI({ baseURL: ${JSON.stringify(baseUrl)} })` : "new OpenAI()";
  const call = api === "responses" ? "client.responses.create" : "client.chat.completions.create";
  const lines = [`import OpenAI from "openai";`, "", `// Reads OPENAI_API_KEY from the environment.`, `const client = ${client};`, ""];
  if (!body.stream) {
    lines.push(`const result = await ${call}(${indent(JSON.stringify(body, null, 2), "")});`);
    lines.push(api === "responses" ? "console.log(result.output_text);" : "console.log(result.choices[0].message.content);");
    return lines.join("\n");
  }
  lines.push(`const stream = await ${call}(${JSON.stringify(body, null, 2)});`, "");
  if (api === "responses") {
    lines.push(
      "for await (const event of stream) {",
      `  if (event.type === "response.output_text.delta") process.stdout.write(event.delta);`,
      `  if (event.type === "response.output_item.done" && event.item.type === "function_call") {`,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a template literal of the generated code
      "    console.log(`\\n${event.item.name}(${event.item.arguments})`);",
      "  }",
      "}",
    );
  } else {
    lines.push("for await (const chunk of stream) {", `  process.stdout.write(chunk.choices[0]?.delta?.content ?? "");`, "}");
  }
  lines.push(`process.stdout.write("\\n");`);
  return lines.join("\n");
}

/** A JSON value as a Python literal (True/False/None), indented like json.dumps(indent=4). */
export function pythonLiteral(value: unknown, depth = 0): string {
  const pad = "    ".repeat(depth + 1);
  const end = "    ".repeat(depth);
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "number" || typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) {
    if (!value.length) return "[]";
    return `[\n${value.map((v) => `${pad}${pythonLiteral(v, depth + 1)}`).join(",\n")}\n${end}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (!entries.length) return "{}";
  return `{\n${entries.map(([k, v]) => `${pad}${JSON.stringify(k)}: ${pythonLiteral(v, depth + 1)}`).join(",\n")}\n${end}}`;
}

export function toPython(api: PlaygroundApi, body: Record<string, unknown>, baseUrl?: string): string {
  const client = baseUrl ? `OpenAI(base_url=${JSON.stringify(baseUrl)})` : "OpenAI()";
  const call = api === "responses" ? "client.responses.create" : "client.chat.completions.create";
  const args = Object.entries(body)
    .map(([key, value]) => `    ${key}=${pythonLiteral(value, 1)},`)
    .join("\n");
  const lines = ["from openai import OpenAI", "", "# Reads OPENAI_API_KEY from the environment.", `client = ${client}`, ""];
  if (!body.stream) {
    lines.push(`result = ${call}(\n${args}\n)`);
    lines.push(api === "responses" ? "print(result.output_text)" : "print(result.choices[0].message.content)");
    return lines.join("\n");
  }
  lines.push(`stream = ${call}(\n${args}\n)`, "");
  if (api === "responses") {
    lines.push(
      "for event in stream:",
      `    if event.type == "response.output_text.delta":`,
      `        print(event.delta, end="", flush=True)`,
      `    elif event.type == "response.output_item.done" and event.item.type == "function_call":`,
      `        print(f"\\n{event.item.name}({event.item.arguments})")`,
      "print()",
    );
  } else {
    lines.push(
      "for chunk in stream:",
      "    if chunk.choices and chunk.choices[0].delta.content:",
      `        print(chunk.choices[0].delta.content, end="", flush=True)`,
      "print()",
    );
  }
  return lines.join("\n");
}

export function exportCode(language: CodeLanguage, api: PlaygroundApi, body: Record<string, unknown>, baseUrl?: string): string {
  if (language === "curl") return toCurl(api, body, baseUrl);
  if (language === "javascript") return toJavaScript(api, body, baseUrl);
  return toPython(api, body, baseUrl);
}
