import "server-only";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { dataDir } from "@/lib/config/server-env";

const MIN_LENGTH = 32;
let cached: string | undefined;

// SWITCHBOARD_SECRET wins; otherwise one is generated once into the data directory (mode 0600)
// and reused by every later start. It signs sessions and, through derived keys, encrypts secrets.
export function serverSecret(): string {
  if (cached) return cached;
  const configured = process.env.SWITCHBOARD_SECRET?.trim();
  if (configured) {
    if (configured.length < MIN_LENGTH) {
      throw new Error(`SWITCHBOARD_SECRET must be at least ${MIN_LENGTH} characters`);
    }
    cached = configured;
    return cached;
  }
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
