import "server-only";
import { routes as batchRoutes } from "./batches/routes";
import { routes as chatRoutes } from "./chat/routes";
import type { Route } from "./context";
import { routes as embeddingRoutes } from "./embeddings/routes";
import { routes as fileRoutes } from "./files/routes";
import { routes as fineTuningRoutes } from "./fine-tuning/routes";
import { routes as modelRoutes } from "./models-routes";
import { routes as organizationRoutes } from "./organization/routes";
import { routes as organizationUsageRoutes } from "./organization/usage-routes";
import { routes as responseRoutes } from "./responses/routes";
import { routes as uploadRoutes } from "./uploads/routes";
import { routes as vectorStoreRoutes } from "./vector-stores/routes";

export const ROUTES: Route[] = [
  ...modelRoutes,
  ...responseRoutes,
  ...chatRoutes,
  ...embeddingRoutes,
  ...fileRoutes,
  ...uploadRoutes,
  ...vectorStoreRoutes,
  ...organizationRoutes,
  ...batchRoutes,
  ...organizationUsageRoutes,
  ...fineTuningRoutes,
];

export function matchRoute(method: string, path: string): { route: Route; params: string[] } | { allowed: string[] } {
  const allowed: string[] = [];
  for (const route of ROUTES) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    if (route.method === method) return { route, params: match.slice(1).map(decodeURIComponent) };
    allowed.push(route.method);
  }
  return { allowed };
}
