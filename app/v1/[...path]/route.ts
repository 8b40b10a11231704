import { gatewayHandler } from "@/lib/gateway/gateway";

// `npm start` serves /v1 on the custom server's lean path (server.ts) before Next.js sees it;
// this route handler serves it under `next dev`.
export const dynamic = "force-dynamic";

const handler = (request: Request) => gatewayHandler(request);

export { handler as DELETE, handler as GET, handler as HEAD, handler as PATCH, handler as POST, handler as PUT };
