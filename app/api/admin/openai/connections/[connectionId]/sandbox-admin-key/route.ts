// /api/admin/openai/connections/:connectionId/sandbox-admin-key: give a sandbox connection an admin key.
import { withUser } from "@/lib/http/handler";
import { issueSandboxAdminKey } from "@/lib/openai-org/connections";

export const dynamic = "force-dynamic";

type Params = { connectionId: string };

export const POST = withUser<Params>(
  async ({ params, user, meta }) => {
    await issueSandboxAdminKey(params.connectionId, user, meta);
  },
  { permission: "instance.openai.manage" },
);
