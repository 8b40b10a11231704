// A small JSON tokenizer for the preview's colours. It returns text pieces with a kind; the page
// renders each as a <span>, so content is never injected as HTML. A line that is not JSON still
// tokenizes (as plain text where nothing matches), so a broken line shows as written.

export type TokenKind = "key" | "string" | "number" | "literal" | "punct" | "text";
export type Token = { kind: TokenKind; text: string };

const PATTERN = /("(?:[^"\\]|\\.)*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|\b(true|false|null)\b|([{}[\],:])/g;

export function tokenizeJsonLine(line: string): Token[] {
  const tokens: Token[] = [];
  let last = 0;
  for (const match of line.matchAll(PATTERN)) {
    const index = match.index ?? 0;
    if (index > last) tokens.push({ kind: "text", text: line.slice(last, index) });
    if (match[1] !== undefined) {
      tokens.push({ kind: match[2] !== undefined ? "key" : "string", text: match[1] });
      if (match[2] !== undefined) tokens.push({ kind: "punct", text: match[2] });
    } else if (match[3] !== undefined) tokens.push({ kind: "number", text: match[3] });
    else if (match[4] !== undefined) tokens.push({ kind: "literal", text: match[4] });
    else tokens.push({ kind: "punct", text: match[0] });
    last = index + match[0].length;
  }
  if (last < line.length) tokens.push({ kind: "text", text: line.slice(last) });
  return tokens;
}
