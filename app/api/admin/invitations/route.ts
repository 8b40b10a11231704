// /api/admin/invitations: pending invitations; instance admins invite someone by email. The link
// is in the answer once (only its hash is stored).
import { readJson } from "@/lib/http/body";
import { json, withUser } from "@/lib/http/handler";
import { createInvitationInput } from "@/lib/invitations/schema";
import { createInvitation, listInvitations } from "@/lib/invitations/service";

export const dynamic = "force-dynamic";

export const GET = withUser(async () => ({ invitations: await listInvitations() }), { permission: "instance.members.read" });

export const POST = withUser(
  async ({ request, user, meta }) => json(await createInvitation(user, await readJson(request, createInvitationInput), meta), 201),
  { permission: "instance.members.manage" },
);
