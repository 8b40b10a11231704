// A small syntax highlighter for code blocks in model output: comments, strings, numbers and
// keywords of the languages models write most. One regular expression pass per block, no HTML
// strings (the result is rendered as React text), so highlighting cannot open an injection hole.

export type TokenKind = "comment" | "string" | "number" | "keyword" | "plain";
export interface Token {
  kind: TokenKind;
  text: string;
}

const KEYWORDS: Record<string, string[]> = {
  js: "async await break case catch class const continue default delete do else export extends false finally for from function if import in instanceof let new null of return static super switch this throw true try typeof undefined var void while yield interface type enum implements".split(
    " ",
  ),
  python:
    "and as assert async await break class continue def del elif else except False finally for from global if import in is lambda None nonlocal not or pass raise return True try while with yield print self".split(
      " ",
    ),
  bash: "if then else elif fi for while do done case esac function in export echo return local curl".split(" "),
  json: ["true", "false", "null"],
  sql: "select from where and or not insert into values update set delete create table drop alter join left right inner outer on group by order limit as null is in".split(
    " ",
  ),
  go: "break case chan const continue default defer else fallthrough for func go goto if import interface map package range return select struct switch type var nil true false".split(
    " ",
  ),
  rust: "as async await break const continue crate else enum extern false fn for if impl in let loop match mod move mut pub ref return self Self static struct super trait true type unsafe use where while".split(
    " ",
  ),
};
const ALIASES: Record<string, string> = {
  javascript: "js",
  ts: "js",
  typescript: "js",
  tsx: "js",
  jsx: "js",
  py: "python",
  sh: "bash",
  shell: "bash",
  zsh: "bash",
  golang: "go",
  rs: "rust",
};

function commentPattern(lang: string): string {
  if (lang === "python" || lang === "bash") return "#[^\\n]*";
  if (lang === "sql") return "--[^\\n]*";
  if (lang === "json") return "(?!)";
  return "\\/\\/[^\\n]*|\\/\\*[\\s\\S]*?\\*\\/";
}

export function highlight(code: string, language: string | undefined): Token[] {
  const lang = ALIASES[language ?? ""] ?? language ?? "";
  const keywords = KEYWORDS[lang];
  if (!keywords) return [{ kind: "plain", text: code }];
  const pattern = new RegExp(
    `(${commentPattern(lang)})|("(?:[^"\\\\\\n]|\\\\.)*"|'(?:[^'\\\\\\n]|\\\\.)*'|\`(?:[^\`\\\\]|\\\\.)*\`)|(\\b\\d+(?:\\.\\d+)?\\b)|(\\b(?:${keywords.join("|")})\\b)`,
    lang === "sql" ? "gi" : "g",
  );
  const tokens: Token[] = [];
  let last = 0;
  for (const match of code.matchAll(pattern)) {
    if (match.index > last) tokens.push({ kind: "plain", text: code.slice(last, match.index) });
    const kind: TokenKind = match[1] ? "comment" : match[2] ? "string" : match[3] ? "number" : "keyword";
    tokens.push({ kind, text: match[0] });
    last = match.index + match[0].length;
  }
  if (last < code.length) tokens.push({ kind: "plain", text: code.slice(last) });
  return tokens;
}

/**
 * Markdown split into top-level blocks (at blank lines outside code fences), so that while an
 * answer streams only its last block is parsed and rendered again; the blocks before it are done.
 */
export function splitBlocks(text: string): string[] {
  const blocks: string[] = [];
  let current: string[] = [];
  let fence: string | null = null;
  for (const line of text.split("\n")) {
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker) {
      if (fence === null) fence = marker[0];
      else if (marker[0] === fence) fence = null;
    }
    if (fence === null && line.trim() === "" && current.length) {
      blocks.push(current.join("\n"));
      current = [];
      continue;
    }
    current.push(line);
  }
  if (current.length) blocks.push(current.join("\n"));
  return blocks;
}

const BLOCK_SYNTAX = /^\s{0,3}(?:[#>|*+-]|\d+[.)]|```|~~~|<)/m;
const SENTENCE_END = /[.!?]["')\]]?\s+(?=["'([A-Z])/g;
const CHUNK_CHARS = 600;

/**
 * A long plain paragraph cut at sentence ends into pieces of a few hundred characters, so that a
 * paragraph growing token by token costs a parse of its last piece only. A piece never ends inside
 * a code span or a link (an odd number of backticks, or an unclosed bracket): it then runs on to
 * the next sentence end. Anything but a plain paragraph stays whole.
 */
export function splitParagraph(block: string): string[] {
  if (block.length <= CHUNK_CHARS * 2 || BLOCK_SYNTAX.test(block)) return [block];
  const pieces: string[] = [];
  let start = 0;
  for (const match of block.matchAll(SENTENCE_END)) {
    const end = match.index + match[0].length;
    if (end - start < CHUNK_CHARS) continue;
    const piece = block.slice(start, end);
    const ticks = piece.split("`").length - 1;
    if (ticks % 2 === 1 || piece.split("[").length !== piece.split("]").length) continue;
    pieces.push(piece);
    start = end;
  }
  if (start < block.length) pieces.push(block.slice(start));
  return pieces;
}
