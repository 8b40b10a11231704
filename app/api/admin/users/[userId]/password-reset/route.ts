// POST /api/admin/users/:userId/password-reset: a single-use link for the person to set a new
// password, in the answer once (and mailed when SMTP is configured).
import { json, withUser } from "@/lib/http/handler";
import { issuePasswordReset } from "@/lib/users/password-reset";

export const dynamic = "force-dynamic";

export const POST = withUser<{ userId: string }>(
  async ({ user, params, meta }) => json(await issuePasswordReset(user, params.userId, meta), 201),
  {
    permission: "instance.members.manage",
  },
);
