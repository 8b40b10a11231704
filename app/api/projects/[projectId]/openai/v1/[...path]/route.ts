import { consoleProxy } from "@/lib/upstream/console-proxy";

// `npm start` serves this path on the custom server's lean path (server.ts) before Next.js sees it;
// this route handler serves it under `next dev` and anywhere Next.js handles the request itself.
export const dynamic = "force-dynamic";

const handler = (request: Request) => consoleProxy(request);

export { handler as DELETE, handler as GET, handler as HEAD, handler as PATCH, handler as POST, handler as PUT };
