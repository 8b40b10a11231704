import type { Metadata } from "next";
import { ProjectsTable } from "@/components/admin/projects-table";
import { requirePageInstancePermission } from "@/lib/auth/page";

export const metadata: Metadata = { title: "Projects" };

export default async function AdminProjects() {
  await requirePageInstancePermission("instance.projects.read_all");
  return <ProjectsTable />;
}
