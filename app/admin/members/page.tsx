import type { Metadata } from "next";
import { UsersTable } from "@/components/admin/users-table";
import { requirePageInstancePermission } from "@/lib/auth/page";
import { instanceRoleAllows } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "Members" };

export default async function AdminMembers() {
  const user = await requirePageInstancePermission("instance.members.read");
  return (
    <UsersTable
      canManage={instanceRoleAllows(user.instanceRole, "instance.members.manage")}
      canGrantOwner={user.instanceRole === "owner"}
      currentUserId={user.id}
      currentRole={user.instanceRole}
    />
  );
}
