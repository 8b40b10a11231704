import { setupFromRequest } from "@/lib/playground/from-request";

/** The playground's address with a logged request's setup in its `setup` parameter (base64url JSON); null when it cannot be rebuilt. */
export function playgroundLinkFor(projectId: string, endpoint: string, requestBody: string): string | null {
  const setup = setupFromRequest(endpoint, requestBody);
  if (!setup) return null;
  const bytes = new TextEncoder().encode(JSON.stringify(setup));
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  const encoded = btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
  return `/${projectId}/playground?setup=${encoded}`;
}
