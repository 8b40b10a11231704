import "server-only";
import type { Route } from "../context";
import { batchRoutes } from "./batches-routes";
import { fileRoutes } from "./files-routes";
// Registers the ingestion worker wherever the routes are loaded (server, `npm run sandbox`, tests).
import "./ingest";
import { searchRoutes } from "./search-routes";
import { storeRoutes } from "./stores-routes";

export const routes: Route[] = [...storeRoutes, ...fileRoutes, ...batchRoutes, ...searchRoutes];
