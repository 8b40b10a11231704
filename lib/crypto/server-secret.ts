import "server-only";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { dataDir } from "@/lib/config/server-env";

const MIN_LENGTH = 32;
let cached: string | undefined;

export const PREVIOUS_SECRET_ENV = "SWITCHBOARD_PREVIOUS_SECRET";

/** The generated secret's file, and where `npm run secrets:rotate -- --generate` keeps the one it replaces until it is done. */
export function secretFiles(): { current: string; previous: string } {
  return { current: path.join(dataDir(), "secret"), previous: path.join(dataDir(), "secret.previous") };
}

export function checkSecretLength(secret: string, name: string): string {
  if (secret.length < MIN_LENGTH) throw new Error(`${name} must be at least ${MIN_LENGTH} characters`);
  return secret;
}

// SWITCHBOARD_SECRET wins; otherwise one is generated once into the data directory (mode 0600)
// and reused by every later start. It signs sessions and, through derived keys, encrypts secrets.
export function serverSecret(): string {
  if (cached) return cached;
  const configured = process.env.SWITCHBOARD_SECRET?.trim();
  if (configured) {
    cached = checkSecretLength(configured, "SWITCHBOARD_SECRET");
    return cached;
  }
  // Spelled out (not secretFiles()) so that the bundler sees which file is read.
  const file = path.join(dataDir(), "secret");
  try {
    cached = fs.readFileSync(file, "utf8").trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    fs.mkdirSync(dataDir(), { recursive: true, mode: 0o700 });
    const fresh = randomBytes(48).toString("base64url");
    try {
      // wx: if another process won the race, read what it wrote instead of overwriting it.
      fs.writeFileSync(file, `${fresh}\n`, { mode: 0o600, flag: "wx" });
      cached = fresh;
    } catch (raceError) {
      if ((raceError as NodeJS.ErrnoException).code !== "EEXIST") throw raceError;
      cached = fs.readFileSync(file, "utf8").trim();
    }
  }
  return cached;
}

let cachedPrevious: { value: string | undefined } | undefined;

/**
 * The server secret before a rotation that has not finished (SWITCHBOARD_PREVIOUS_SECRET, or the
 * secret.previous file that `npm run secrets:rotate -- --generate` keeps until it is done). Stored
 * secrets still sealed with it stay readable, so an interrupted rotation never locks keys out.
 */
export function previousServerSecret(): string | undefined {
  if (cachedPrevious) return cachedPrevious.value;
  let value = process.env[PREVIOUS_SECRET_ENV]?.trim() || undefined;
  if (!value) {
    try {
      value = fs.readFileSync(path.join(dataDir(), "secret.previous"), "utf8").trim() || undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
  cachedPrevious = { value };
  return value;
}
