// PATCH /api/admin/users/:userId: change a person's instance role, or deactivate / reactivate them.
import { readJson } from "@/lib/http/body";
import { withUser } from "@/lib/http/handler";
import { updateUser } from "@/lib/users/access";
import { updateUserInput } from "@/lib/users/schema";

export const dynamic = "force-dynamic";

export const PATCH = withUser<{ userId: string }>(
  async ({ request, user, params, meta }) => updateUser(user, params.userId, await readJson(request, updateUserInput), meta),
  { permission: "instance.members.manage" },
);
