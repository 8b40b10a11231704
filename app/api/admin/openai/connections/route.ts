// /api/admin/openai/connections: Switchboard projects' connections, and which hold an admin key.
import { withUser } from "@/lib/http/handler";
import { listAdminConnections } from "@/lib/openai-org/connections";

export const dynamic = "force-dynamic";

export const GET = withUser(async () => ({ connections: await listAdminConnections() }), { permission: "instance.openai.read" });
