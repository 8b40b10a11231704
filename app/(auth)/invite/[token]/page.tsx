import type { Metadata } from "next";
import Link from "next/link";
import { AcceptInvitationForm } from "@/components/auth/accept-invitation-form";
import { Alert } from "@/components/ui/alert";
import { AppError } from "@/lib/http/errors";
import { describeInvitation } from "@/lib/invitations/service";

export const metadata: Metadata = { title: "Accept your invitation" };
export const dynamic = "force-dynamic";

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  let invitation: Awaited<ReturnType<typeof describeInvitation>>;
  try {
    invitation = await describeInvitation(token);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return (
      <>
        <h1 className="mb-4 text-lg font-semibold">This invitation cannot be used</h1>
        <Alert>{error.message}.</Alert>
        <p className="mt-4 text-sm">
          <Link href="/sign-in" className="text-accent hover:underline">
            Go to sign-in
          </Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1 className="text-lg font-semibold">Join Switchboard</h1>
      <p className="mt-1 mb-2 text-sm text-fg-muted">
        {invitation.invitedBy ? `${invitation.invitedBy} invited you` : "You are invited"} as{" "}
        {invitation.instanceRole === "member" ? "a member" : `an ${invitation.instanceRole}`}. The link expires on{" "}
        {invitation.expiresAt.toLocaleDateString("en", { dateStyle: "long" })}.
      </p>
      {invitation.projects.length ? (
        <ul className="mb-5 flex flex-col gap-1 text-sm" aria-label="Your projects">
          {invitation.projects.map((project) => (
            <li key={project.name}>
              {project.name} <span className="text-fg-muted">— {project.role}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="mb-5 text-sm text-fg-muted">No projects yet: an admin can add you to some later.</p>
      )}
      <AcceptInvitationForm token={token} email={invitation.email} passwordSignIn={invitation.passwordSignIn} />
    </>
  );
}
