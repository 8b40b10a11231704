// /api/setup: first-run setup. GET says whether it is still needed; POST creates the owner and the
// first project, once.
import { readJson } from "@/lib/http/body";
import { json, publicRoute } from "@/lib/http/handler";
import { setupInput } from "@/lib/setup/schema";
import { completeSetup, isSetupComplete } from "@/lib/setup/service";

export const dynamic = "force-dynamic";

export const GET = publicRoute(async () => ({ needed: !(await isSetupComplete()) }));

export const POST = publicRoute(async ({ request, meta }) => {
  const input = await readJson(request, setupInput);
  const { owner, project } = await completeSetup(input, meta);
  return json({ owner, project }, 201);
});
