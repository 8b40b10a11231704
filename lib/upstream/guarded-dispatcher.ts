import "server-only";
import dns from "node:dns";
import net from "node:net";
import { Agent, buildConnector } from "undici";
import { isAddressAllowed, policyFromEnv, type UpstreamPolicy, UpstreamUrlError } from "./ssrf";

// The only way Switchboard opens a connection to a project's upstream. Host names are resolved
// here, every address the resolver returns is judged, and the socket is handed exactly the
// addresses that were judged (net.connect does no lookup of its own when given a lookup function),
// so a DNS answer that changes between the check and the connect (rebinding) cannot slip through.
// Each new connection is resolved and judged afresh; pooled keep-alive connections stay on the
// address they were judged on.
//
// What this does not do, by design: follow redirects (an undici Agent never does unless composed
// with interceptors.redirect — don't), or go through an HTTP proxy (a proxy would resolve the name
// itself, out of our sight). Callers pass every response through assertNotRedirect (ssrf.ts).
//
// There is no switch that turns the guard off. The built-in sandbox is called in-process, not over
// HTTP, and tests that need an upstream on 127.0.0.1 hand the forwarding core a plain undici Agent
// of their own: the bypass lives in code, never in configuration.

export type LookupFunction = net.LookupFunction;

// Options that would replace or bypass the guarded connector (or that undici ignores once a
// connector function is given, which would only mislead).
type ConnectionOptionKeys =
  | "connect"
  | "factory"
  | "interceptors"
  | "connectTimeout"
  | "socketPath"
  | "allowH2"
  | "autoSelectFamily"
  | "autoSelectFamilyAttemptTimeout"
  | "maxCachedSessions";

export interface GuardedDispatcherOptions {
  /** Resolver to use instead of dns.lookup; tests inject one so no real name is ever looked up. */
  lookup?: LookupFunction;
  /** Milliseconds to wait for a connection (undici's default is 10 s). */
  connectTimeout?: number;
  /** Timeouts, pool sizes and the like for the Agent. How it connects is not overridable. */
  agent?: Omit<Agent.Options, ConnectionOptionKeys>;
}

const systemLookup: LookupFunction = (hostname, options, callback) => dns.lookup(hostname, { ...options, all: true }, callback);

function refusedHost(hostname: string, reason: string | undefined): UpstreamUrlError {
  return new UpstreamUrlError("blocked_address", `The upstream host ${hostname} resolves to an address that is not allowed: ${reason}`);
}

/**
 * A lookup function for net/tls.connect that resolves with `lookup`, refuses the whole answer if
 * any address in it is not allowed, and otherwise passes on exactly what it checked.
 */
export function createGuardedLookup(policy: UpstreamPolicy, lookup: LookupFunction = systemLookup): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname, { ...options, all: true }, (err, answer, answerFamily) => {
      if (err) return callback(err, []);
      const addresses = (typeof answer === "string" ? [{ address: answer, family: answerFamily ?? 0 }] : (answer ?? [])).map(
        // The family is recomputed rather than trusted: net.connect skips entries whose family is not 4 or 6.
        ({ address }) => ({ address, family: net.isIP(address) }),
      );
      if (addresses.length === 0) {
        const notFound: NodeJS.ErrnoException = new Error(`The upstream host ${hostname} did not resolve to any address`);
        notFound.code = "ENOTFOUND";
        return callback(notFound, []);
      }
      for (const { address } of addresses) {
        const verdict = isAddressAllowed(address, policy);
        if (!verdict.allowed) return callback(refusedHost(hostname, verdict.reason), []);
      }
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

/**
 * undici connector: URLs whose host is an IP literal never reach a lookup function (net.connect
 * connects to them directly), so those are judged here; names go through the guarded lookup.
 */
function createGuardedConnector(policy: UpstreamPolicy, options: GuardedDispatcherOptions): buildConnector.connector {
  const connect = buildConnector({ timeout: options.connectTimeout, lookup: createGuardedLookup(policy, options.lookup) });
  return (connectOptions, callback) => {
    const host = connectOptions.hostname;
    if (net.isIP(host)) {
      const verdict = isAddressAllowed(host, policy);
      if (!verdict.allowed) {
        const error = new UpstreamUrlError("blocked_address", `The upstream host ${host} is not allowed: ${verdict.reason}`);
        // Asynchronously, as a real connection failure would be: undici's client is mid-connect here.
        queueMicrotask(() => callback(error, null));
        return;
      }
    }
    connect(connectOptions, callback);
  };
}

/** An undici Agent that connects only to addresses the policy allows. Use it for every upstream call. */
export function createGuardedDispatcher(policy: UpstreamPolicy, options: GuardedDispatcherOptions = {}): Agent {
  return new Agent({ ...options.agent, connect: createGuardedConnector(policy, options) });
}

let shared: Agent | undefined;

/** The process's guarded dispatcher for production calls, with the operator's policy read once. */
export function defaultGuardedDispatcher(): Agent {
  shared ??= createGuardedDispatcher(policyFromEnv());
  return shared;
}
