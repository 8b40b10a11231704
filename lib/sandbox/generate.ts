import "server-only";
import { decodeGenerator, encode } from "gpt-tokenizer/encoding/o200k_base";

// The sandbox models' text. Deterministic (the same request gives the same text) and derived from
// the input so that tests and people can see what the model was given: it quotes the latest user
// text, says what it is, then strings sentences together from the words of the conversation to a
// length that depends on the input (~40–120 tokens), or to about N words when asked to "write N
// words". Nothing here re-encodes the text per token: it is built by words and tokenized once.

export interface ReplyInput {
  model: string;
  /** The latest user text, quoted at the start. */
  userText: string;
  /** The first user text of an earlier turn, when the conversation has one. */
  earlierText?: string;
  /** System or developer instructions in force for this turn. */
  instructions?: string;
  /** Every text of the conversation; its words feed the sentences and its hash the choices. */
  contextText: string;
  /** Distinguishes the n choices of one Chat Completions request (0 is the default answer). */
  variant?: number;
  seed?: number;
}

const MAX_REQUESTED_WORDS = 20_000;
const FALLBACK_WORDS = ["sandbox", "request", "answer", "token", "stream", "model", "text", "console"];
const STOP_WORDS = new Set(
  "a an and are as at be but by call for from has have i in is it its me of on or please so that the then this to use was we what with write you your words".split(
    " ",
  ),
);

/** FNV-1a: a small stable hash, so choices do not depend on the process or the platform. */
export function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** mulberry32: a seeded generator, so one seed always walks the same path. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The words of a text worth repeating: letters and digits, no stop words, first spelling kept. */
export function contentWords(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const word of text.match(/[\p{L}\p{N}][\p{L}\p{N}_'-]*/gu) ?? []) {
    const key = word.toLowerCase();
    if (STOP_WORDS.has(key) || seen.has(key) || word.length > 40) continue;
    seen.add(key);
    out.push(word);
  }
  return out;
}

/** "write 300 words" (or "in 300 words") asks for a text of about that length. */
export function requestedWords(text: string): number | undefined {
  const match = text.match(/\b(?:write|in|about|exactly|around)\s+(?:about\s+|around\s+)?(\d{1,6})\s+words?\b/i);
  if (!match) return undefined;
  return Math.min(Number(match[1]), MAX_REQUESTED_WORDS);
}

export function quote(text: string, maxChars: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > maxChars ? `${flat.slice(0, maxChars - 1).trimEnd()}…` : flat;
}

const TEMPLATES: ((w: string[]) => string)[] = [
  (w) => `The ${w[0]} and the ${w[1]} belong together.`,
  (w) => `Consider ${w[0]}: it leads to ${w[1]}, and then to ${w[2]}.`,
  (w) => `${capitalize(w[0])} matters here because of ${w[1]}.`,
  (w) => `Every ${w[0]} has its own ${w[1]}.`,
  (w) => `Notice how ${w[0]} meets ${w[1]} without any ${w[2]}.`,
  (w) => `A careful reader would link ${w[0]} with ${w[1]}.`,
  (w) => `${capitalize(w[0])}, ${w[1]} and ${w[2]} come up again in this answer.`,
  (w) => `One more thought on ${w[0]}: it is never far from ${w[1]}.`,
];

function capitalize(word: string): string {
  return word ? word[0].toUpperCase() + word.slice(1) : word;
}

function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** The opening every reply shares: the quote, what the model is, and what it was told. */
function preamble(input: ReplyInput): string {
  const parts: string[] = [];
  parts.push(input.userText.trim() ? `You wrote: "${quote(input.userText, 200)}".` : "You sent no text.");
  parts.push(`I am ${input.model}, the Switchboard sandbox model: a deterministic stand-in, not a real model.`);
  if (input.instructions?.trim()) parts.push(`Instructions noted: "${quote(input.instructions, 80)}".`);
  if (input.earlierText?.trim()) parts.push(`Earlier in this conversation you wrote: "${quote(input.earlierText, 80)}".`);
  return parts.join(" ");
}

export function generateReply(input: ReplyInput): string {
  const head = preamble(input);
  const seed = hashText(`${input.contextText}\u0000${input.variant ?? 0}\u0000${input.seed ?? ""}`);
  const random = seededRandom(seed);
  const asked = requestedWords(input.userText);
  // ~0.75 words per token: 40–120 tokens is 30–90 words, the preamble included.
  const targetWords = asked ?? 30 + (hashText(input.contextText) % 61);
  let words = contentWords(`${input.userText} ${input.contextText}`);
  if (words.length < 3) words = [...words, ...FALLBACK_WORDS];
  const sentences: string[] = [head];
  let total = countWords(head);
  while (total < targetWords) {
    const template = TEMPLATES[Math.floor(random() * TEMPLATES.length)];
    // Three different words (the list always has at least three).
    const first = Math.floor(random() * words.length);
    const step = 1 + Math.floor(random() * (words.length - 1));
    const picked = [0, 1, 2].map((i) => words[(first + i * step) % words.length]);
    let sentence = template(picked);
    const remaining = targetWords - total;
    const length = countWords(sentence);
    if (asked !== undefined && length > remaining) sentence = `${sentence.split(" ").slice(0, remaining).join(" ").replace(/[,:]$/, "")}.`;
    sentences.push(sentence);
    total += Math.min(length, remaining);
  }
  return sentences.join(" ");
}

export interface Piece {
  text: string;
  tokens: number;
}

/**
 * The pieces a model streams: one per token, except that a character whose bytes span several
 * tokens stays whole (its tokens travel together). The text is encoded once. gpt-tokenizer's
 * `decode` keeps a shared streaming decoder, so tokens are decoded in one pass over the whole
 * text (which leaves no bytes behind); counting the tokens the generator pulls gives each
 * piece's cost.
 */
export function streamPieces(text: string): Piece[] {
  const tokens = encode(text);
  let pulled = 0;
  let counted = 0;
  const counting = {
    *[Symbol.iterator]() {
      for (const token of tokens) {
        pulled++;
        yield token;
      }
    },
  };
  const pieces: Piece[] = [];
  for (const piece of decodeGenerator(counting)) {
    pieces.push({ text: piece, tokens: pulled - counted });
    counted = pulled;
  }
  if (pieces.length && counted < tokens.length) pieces[pieces.length - 1].tokens += tokens.length - counted;
  return pieces;
}

export function countPieceTokens(pieces: Piece[]): number {
  return pieces.reduce((sum, piece) => sum + piece.tokens, 0);
}

/** The longest run of pieces that fits in `maxTokens`. */
export function truncatePieces(pieces: Piece[], maxTokens: number): { pieces: Piece[]; truncated: boolean } {
  let tokens = 0;
  for (let i = 0; i < pieces.length; i++) {
    tokens += pieces[i].tokens;
    if (tokens > maxTokens) return { pieces: pieces.slice(0, i), truncated: true };
  }
  return { pieces, truncated: false };
}

export function joinPieces(pieces: Piece[]): string {
  return pieces.map((piece) => piece.text).join("");
}

/**
 * Log probabilities of a deterministic model: each emitted piece had probability 1 (logprob 0),
 * and no other candidate had any, so the alternatives list holds only the chosen piece.
 */
export function certainLogprobs(pieces: Piece[], topLogprobs: number) {
  return pieces.map(({ text: token }) => {
    const bytes = [...Buffer.from(token, "utf8")];
    return { token, logprob: 0, bytes, top_logprobs: topLogprobs > 0 ? [{ token, logprob: 0, bytes }] : [] };
  });
}
