// DELETE /api/admin/invitations/:invitationId: withdraws a pending invitation (the row stays, revoked).
import { withUser } from "@/lib/http/handler";
import { revokeInvitation } from "@/lib/invitations/service";

export const dynamic = "force-dynamic";

export const DELETE = withUser<{ invitationId: string }>(
  async ({ user, params, meta }) => {
    await revokeInvitation(user, params.invitationId, meta);
  },
  { permission: "instance.members.manage" },
);
