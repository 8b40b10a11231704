import "server-only";
import { Transform, type TransformCallback } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import { type BodyFacts, factsFromBody, parseUsage } from "./usage";

// Watches a server-sent event stream as it passes: each chunk is pushed on the moment it arrives
// (nothing waits for an event to complete), and a copy is split into events to find the model,
// the first token and the usage. Only when the core itself asked a chat stream for usage does it
// hold each event until its end, to take that extra usage chunk out.

const MAX_EVENT_CHARS = 8 * 1024 * 1024;
const MAX_COLLECTED_CHARS = 512 * 1024;
/** A Responses stream's terminal event types, quoted as they appear in an event's data. */
export const TERMINAL = ['"response.completed"', '"response.incomplete"', '"response.failed"'];
const CHAT_TOKEN = /"(content|refusal|arguments|reasoning_content)":"[^"]/;

export interface StreamFacts extends BodyFacts {
  /** The stream said it was done (a terminal Responses event, or chat's [DONE]). */
  finished: boolean;
  firstTokenAt?: number;
}

export class SseTap extends Transform {
  readonly facts: StreamFacts = { finished: false };
  private readonly decoder = new StringDecoder("utf8");
  private pending = "";
  // Request log in "full" mode only: the stream's text as it went by, up to a limit.
  private collectedText: string[] | null;
  private collectedSize = 0;

  constructor(
    private readonly stripUsageChunk: boolean,
    collect = false,
  ) {
    super();
    this.collectedText = collect ? [] : null;
  }

  /** The stream's text so far, when asked to collect it. */
  collected(): string | null {
    return this.collectedText ? this.collectedText.join("") : null;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (!this.stripUsageChunk) this.push(chunk);
    const text = this.decoder.write(chunk);
    if (this.collectedText && this.collectedSize < MAX_COLLECTED_CHARS) {
      this.collectedText.push(text);
      this.collectedSize += text.length;
    }
    this.pending += text;
    this.drainEvents(false);
    callback();
  }

  override _flush(callback: TransformCallback): void {
    this.pending += this.decoder.end();
    this.drainEvents(true);
    callback();
  }

  private drainEvents(atEnd: boolean): void {
    for (;;) {
      const boundary = /\r?\n\r?\n/.exec(this.pending);
      if (!boundary) break;
      const end = boundary.index + boundary[0].length;
      const event = this.pending.slice(0, end);
      this.pending = this.pending.slice(end);
      const keep = this.inspect(event);
      if (this.stripUsageChunk && keep) this.push(Buffer.from(event, "utf8"));
    }
    if (atEnd && this.pending) {
      const keep = this.inspect(this.pending);
      if (this.stripUsageChunk && keep) this.push(Buffer.from(this.pending, "utf8"));
      this.pending = "";
    }
    if (this.pending.length > MAX_EVENT_CHARS) {
      // One event this large is not usage; stop looking into it rather than hold it.
      if (this.stripUsageChunk) this.push(Buffer.from(this.pending, "utf8"));
      this.pending = "";
    }
  }

  /** Reads one event; answers false when it is the usage chunk the caller did not ask for. */
  private inspect(event: string): boolean {
    const data = event
      .split(/\r?\n/)
      .filter((line) => line.startsWith("data:"))
      .map((line) => line.slice(line.startsWith("data: ") ? 6 : 5))
      .join("\n");
    if (!data) return true;
    if (data === "[DONE]") {
      this.facts.finished = true;
      return true;
    }
    if (this.facts.firstTokenAt === undefined && (data.includes('.delta"') || CHAT_TOKEN.test(data))) {
      this.facts.firstTokenAt = performance.now();
    }
    if (TERMINAL.some((type) => data.includes(type))) {
      const parsed = parse(data);
      const type = parsed?.type;
      if (typeof type === "string" && TERMINAL.includes(`"${type}"`)) {
        const facts = factsFromBody(parsed?.response);
        Object.assign(this.facts, { usage: facts.usage, model: facts.model ?? this.facts.model, finished: true });
        this.facts.incomplete = type !== "response.completed";
      }
      return true;
    }
    if (this.facts.model === undefined) {
      const parsed = parse(data);
      const model = parsed?.model ?? (parsed?.response as Record<string, unknown> | undefined)?.model;
      if (typeof model === "string") this.facts.model = model;
    }
    if (data.includes('"usage":{')) {
      const parsed = parse(data);
      const usage = parseUsage(parsed?.usage);
      if (usage) {
        this.facts.usage = usage;
        const choices = parsed?.choices;
        if (this.stripUsageChunk && Array.isArray(choices) && choices.length === 0) return false;
      }
    }
    return true;
  }
}

function parse(data: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(data);
    return value && typeof value === "object" ? value : undefined;
  } catch {
    return undefined;
  }
}
