import { readSetup } from "./setup-schema";
import type { PlaygroundSetup } from "./state";

// A whole playground setup in a URL parameter (base64url of its JSON), for "open in playground"
// from a logged request. Read back through the setup schema, so a tampered link opens nothing.

export function encodeSetup(setup: PlaygroundSetup): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(JSON.stringify(setup))) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

export function decodeSetup(encoded: string): PlaygroundSetup | null {
  try {
    const binary = atob(encoded.replaceAll("-", "+").replaceAll("_", "/"));
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    return readSetup(JSON.parse(new TextDecoder().decode(bytes)));
  } catch {
    return null;
  }
}
