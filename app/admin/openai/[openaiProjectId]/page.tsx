import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { OrgProjectPage } from "@/components/openai-org/org-project";
import { requirePageInstancePermission } from "@/lib/auth/page";

export const metadata: Metadata = { title: "OpenAI organization project" };

export default async function OpenAIOrganizationProject({
  params,
  searchParams,
}: {
  params: Promise<{ openaiProjectId: string }>;
  searchParams: Promise<{ via?: string }>;
}) {
  await requirePageInstancePermission("instance.openai.read");
  const [{ openaiProjectId }, { via }] = await Promise.all([params, searchParams]);
  if (!via) redirect("/admin/openai");
  return <OrgProjectPage via={via} id={openaiProjectId} />;
}
