import type { Metadata } from "next";
import { Suspense } from "react";
import { OrgHome } from "@/components/openai-org/org-home";
import { requirePageInstancePermission } from "@/lib/auth/page";

export const metadata: Metadata = { title: "OpenAI organization" };

export default async function OpenAIOrganization() {
  await requirePageInstancePermission("instance.openai.read");
  return (
    <Suspense>
      <OrgHome />
    </Suspense>
  );
}
