import "server-only";
import type { Route } from "../context";
import { createEmbeddings } from "./create";

export const routes: Route[] = [{ method: "POST", pattern: /^\/embeddings$/, handle: createEmbeddings }];
