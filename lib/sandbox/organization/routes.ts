import "server-only";
import type { Route } from "../context";
import { routes as keyRoutes } from "./keys-routes";
import { routes as limitRoutes } from "./limits-routes";
import { routes as memberRoutes } from "./members-routes";
import { routes as projectRoutes } from "./projects-routes";

/** The Admin API's projects, members, keys, service accounts and limits (usage and costs live beside them). */
export const routes: Route[] = [...projectRoutes, ...memberRoutes, ...keyRoutes, ...limitRoutes];
