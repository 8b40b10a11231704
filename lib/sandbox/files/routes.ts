import "server-only";
import type { Route } from "../context";

export const routes: Route[] = [];
