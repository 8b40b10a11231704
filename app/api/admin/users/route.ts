// /api/admin/users: the instance's people; instance admins add someone with a first password.
import { readJson } from "@/lib/http/body";
import { json, withUser } from "@/lib/http/handler";
import { createUserInput } from "@/lib/users/schema";
import { createUser, listUsers } from "@/lib/users/service";

export const dynamic = "force-dynamic";

export const GET = withUser(async () => ({ users: await listUsers() }), { permission: "instance.members.read" });

export const POST = withUser(
  async ({ request, user, meta }) => json(await createUser(user, await readJson(request, createUserInput), meta), 201),
  { permission: "instance.members.manage" },
);
