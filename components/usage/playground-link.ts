import { setupFromRequest } from "@/lib/playground/from-request";
import { encodeSetup } from "@/lib/playground/setup-link";

/** The playground's address with a logged request's setup in its `setup` parameter; null when it cannot be rebuilt. */
export function playgroundLinkFor(projectId: string, endpoint: string, requestBody: string): string | null {
  const setup = setupFromRequest(endpoint, requestBody);
  return setup ? `/${projectId}/playground?setup=${encodeSetup(setup)}` : null;
}
