import "server-only";
import { invalidRequest, type SandboxError } from "../errors";

// Batch and fine-tuning files must be JSONL: every non-empty line one JSON object. Files can be
// hundreds of megabytes and a line can be huge (base64 images), so instead of splitting lines and
// calling JSON.parse this checks the syntax byte by byte as the bytes stream past, in constant
// memory. Only the first bad line matters; after it the validator stops looking.

export const JSONL_PURPOSES = new Set(["batch", "fine-tune"]);

export type JsonlProblem = { line: number; reason: "not_object" | "invalid_json" };

export function jsonlError(problem: JsonlProblem): SandboxError {
  const what = problem.reason === "not_object" ? "is not a JSON object" : "is not valid JSON";
  return invalidRequest(
    `Expected file to have JSONL format, where every line is a valid JSON dictionary. Line ${problem.line} ${what}.`,
    "file",
    "invalid_file_format",
  );
}

enum Mode {
  LineStart,
  LineEnd,
  Value,
  ValueOrClose,
  KeyOrClose,
  Key,
  Colon,
  AfterValue,
  Str,
  StrEscape,
  StrUnicode,
  NumMinus,
  NumZero,
  NumInt,
  NumDot,
  NumFrac,
  NumExp,
  NumExpSign,
  NumExpDigits,
  Literal,
  Failed,
}

const MAX_DEPTH = 10_000;
const OPEN_OBJECT = 0x7b; // {
const CLOSE_OBJECT = 0x7d; // }
const OPEN_ARRAY = 0x5b; // [
const CLOSE_ARRAY = 0x5d; // ]
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;
const LITERALS: Record<number, Uint8Array> = {
  116: new TextEncoder().encode("true"),
  102: new TextEncoder().encode("false"),
  110: new TextEncoder().encode("null"),
};

const isSpace = (b: number) => b === 0x20 || b === 0x09 || b === 0x0d;
const isDigit = (b: number) => b >= 0x30 && b <= 0x39;
const isHex = (b: number) => isDigit(b) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66);

export class JsonlValidator {
  private mode = Mode.LineStart;
  private line = 1;
  private readonly stack = new Uint8Array(MAX_DEPTH);
  private depth = 0;
  private stringIsKey = false;
  private lineIsObject = true;
  private remaining = 0;
  private literal: Uint8Array = LITERALS[0x74];
  problem: JsonlProblem | null = null;

  push(chunk: Uint8Array): void {
    let i = 0;
    const n = chunk.length;
    while (i < n && this.mode !== Mode.Failed) {
      const b = chunk[i];
      switch (this.mode) {
        case Mode.LineStart:
          if (b === NEWLINE) this.line++;
          else if (!isSpace(b)) {
            // Any JSON value is read to its end, so that "valid JSON, but not an object" and
            // "not JSON" get their own answers.
            this.lineIsObject = b === OPEN_OBJECT;
            this.value(b);
          }
          break;
        case Mode.LineEnd:
          if (b === NEWLINE) {
            if (!this.lineIsObject) this.fail("not_object");
            else {
              this.line++;
              this.mode = Mode.LineStart;
            }
          } else if (!isSpace(b)) this.fail();
          break;
        case Mode.Str: {
          // The hot loop: most bytes of a JSONL file are inside strings.
          let j = i;
          while (j < n) {
            const c = chunk[j];
            if (c === QUOTE || c === BACKSLASH || c < 0x20) break;
            j++;
          }
          i = j;
          if (j === n) continue;
          const c = chunk[j];
          if (c === QUOTE) {
            if (this.stringIsKey) this.mode = Mode.Colon;
            else this.afterValue();
          } else if (c === BACKSLASH) this.mode = Mode.StrEscape;
          else this.fail();
          break;
        }
        case Mode.StrEscape:
          if (b === 0x75) {
            this.mode = Mode.StrUnicode;
            this.remaining = 4;
          } else if (b === QUOTE || b === BACKSLASH || b === 0x2f || b === 0x62 || b === 0x66 || b === 0x6e || b === 0x72 || b === 0x74) {
            this.mode = Mode.Str;
          } else this.fail();
          break;
        case Mode.StrUnicode:
          if (!isHex(b)) this.fail();
          else if (--this.remaining === 0) this.mode = Mode.Str;
          break;
        case Mode.KeyOrClose:
          if (b === CLOSE_OBJECT) this.close(b);
          else this.key(b);
          break;
        case Mode.Key:
          this.key(b);
          break;
        case Mode.Colon:
          if (b === 0x3a) this.mode = Mode.Value;
          else if (!isSpace(b)) this.fail();
          break;
        case Mode.ValueOrClose:
          if (b === CLOSE_ARRAY) this.close(b);
          else this.value(b);
          break;
        case Mode.Value:
          this.value(b);
          break;
        case Mode.AfterValue:
          if (b === 0x2c) this.mode = this.stack[this.depth - 1] === OPEN_OBJECT ? Mode.Key : Mode.Value;
          else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) this.close(b);
          else if (!isSpace(b)) this.fail();
          break;
        case Mode.Literal:
          if (b !== this.literal[this.literal.length - this.remaining]) this.fail();
          else if (--this.remaining === 0) this.afterValue();
          break;
        case Mode.NumMinus:
          if (b === 0x30) this.mode = Mode.NumZero;
          else if (isDigit(b)) this.mode = Mode.NumInt;
          else this.fail();
          break;
        case Mode.NumDot:
          if (isDigit(b)) this.mode = Mode.NumFrac;
          else this.fail();
          break;
        case Mode.NumExp:
          if (b === 0x2b || b === 0x2d) this.mode = Mode.NumExpSign;
          else if (isDigit(b)) this.mode = Mode.NumExpDigits;
          else this.fail();
          break;
        case Mode.NumExpSign:
          if (isDigit(b)) this.mode = Mode.NumExpDigits;
          else this.fail();
          break;
        case Mode.NumZero:
        case Mode.NumInt:
        case Mode.NumFrac:
        case Mode.NumExpDigits:
          if (isDigit(b) && this.mode !== Mode.NumZero) break;
          if (b === 0x2e && (this.mode === Mode.NumZero || this.mode === Mode.NumInt)) this.mode = Mode.NumDot;
          else if ((b === 0x65 || b === 0x45) && this.mode !== Mode.NumExpDigits) this.mode = Mode.NumExp;
          else {
            // The number ended; this byte belongs to what follows it.
            this.afterValue();
            continue;
          }
          break;
      }
      i++;
    }
  }

  /** Call at the end of the content; the last line may lack its newline. */
  end(): JsonlProblem | null {
    // A number can only end at the next byte; at the end of the content it ends there.
    const m = this.mode;
    if (m === Mode.NumZero || m === Mode.NumInt || m === Mode.NumFrac || m === Mode.NumExpDigits) this.afterValue();
    if (this.mode === Mode.LineEnd && !this.lineIsObject) this.fail("not_object");
    else if (this.mode !== Mode.LineStart && this.mode !== Mode.LineEnd && this.mode !== Mode.Failed) this.fail();
    return this.problem;
  }

  private fail(reason: JsonlProblem["reason"] = "invalid_json"): void {
    this.problem = { line: this.line, reason };
    this.mode = Mode.Failed;
  }

  private open(b: number): void {
    if (this.depth === MAX_DEPTH) {
      this.fail();
      return;
    }
    this.stack[this.depth++] = b;
    this.mode = b === OPEN_OBJECT ? Mode.KeyOrClose : Mode.ValueOrClose;
  }

  private close(b: number): void {
    const expected = b === CLOSE_OBJECT ? OPEN_OBJECT : OPEN_ARRAY;
    if (this.depth === 0 || this.stack[this.depth - 1] !== expected) this.fail();
    else {
      this.depth--;
      this.afterValue();
    }
  }

  private afterValue(): void {
    this.mode = this.depth === 0 ? Mode.LineEnd : Mode.AfterValue;
  }

  private key(b: number): void {
    if (b === QUOTE) {
      this.mode = Mode.Str;
      this.stringIsKey = true;
    } else if (!isSpace(b)) this.fail();
  }

  private value(b: number): void {
    if (isSpace(b)) return;
    if (b === OPEN_OBJECT || b === OPEN_ARRAY) this.open(b);
    else if (b === QUOTE) {
      this.mode = Mode.Str;
      this.stringIsKey = false;
    } else if (b === 0x2d) this.mode = Mode.NumMinus;
    else if (b === 0x30) this.mode = Mode.NumZero;
    else if (isDigit(b)) this.mode = Mode.NumInt;
    else if (b in LITERALS) {
      this.literal = LITERALS[b];
      this.remaining = this.literal.length - 1;
      this.mode = Mode.Literal;
    } else this.fail();
  }
}

/** Passes the bytes through unchanged, feeding them to the validator on the way. */
export async function* validatedBytes(source: AsyncIterable<Uint8Array>, validator: JsonlValidator): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    validator.push(chunk);
    yield chunk;
  }
}
