// Bundles server.ts and the lib/ modules it imports into one plain JavaScript file, which is what
// `npm start` runs (ADR 0021). Packages stay imports from node_modules; `import "server-only"`
// (a marker that throws outside Next's bundler) becomes an empty module. Compiled ahead of time,
// closures are not wrapped to keep their names as tsx does at run time, which cost every gateway
// call a seventh of its CPU.
import path from "node:path";
import { build } from "esbuild";

export const SERVER_BUNDLE = path.join(".next", "switchboard", "server.mjs");

const serverOnly = {
  name: "server-only",
  setup(builder) {
    builder.onResolve({ filter: /^server-only$/ }, () => ({ path: "server-only", namespace: "empty" }));
    builder.onLoad({ filter: /.*/, namespace: "empty" }, () => ({ contents: "", loader: "js" }));
  },
};

export async function buildServer() {
  await build({
    entryPoints: ["server.ts"],
    outfile: SERVER_BUNDLE,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    plugins: [serverOnly],
    sourcemap: "linked",
    logLevel: "warning",
  });
}

if (import.meta.url === `file://${path.resolve(process.argv[1] ?? "")}`) await buildServer();
