// Outside Next's bundler, `import "server-only"` throws by design. server.ts and the scripts are
// server code by definition, so resolve that marker to an empty module for them.
import { register } from "node:module";

register(
  `data:text/javascript,${encodeURIComponent(
    'export async function resolve(specifier, context, next) { if (specifier === "server-only") return { url: "data:text/javascript,export{}", shortCircuit: true }; return next(specifier, context); }',
  )}`,
);
