import "server-only";
import net from "node:net";

// Which upstream URLs and addresses Switchboard may call. A project admin types an upstream base
// URL, and the server then sends requests (with the project's upstream key) wherever it points: this
// module is what keeps that from reaching the server's own loopback services, the cloud metadata
// endpoint, or — unless the instance owner allows it — the private network. See
// docs/adr/0007-upstream-url-guard.md. Host names are judged after DNS resolution, by the guarded
// dispatcher (guarded-dispatcher.ts); this file judges what can be judged without DNS.

export interface UpstreamPolicy {
  /** Private (10/8, 172.16/12, 192.168/16, fc00::/7) and CGNAT (100.64/10) ranges; from SWITCHBOARD_ALLOW_PRIVATE_UPSTREAMS. */
  allowPrivateNetworks: boolean;
}

export type UpstreamUrlErrorCode = "invalid_url" | "scheme" | "credentials" | "host" | "fragment" | "blocked_address" | "redirect";

/** Why an upstream URL, address or redirect was refused; the message is meant for people and carries no secret. */
export class UpstreamUrlError extends Error {
  override name = "UpstreamUrlError";
  constructor(
    readonly code: UpstreamUrlErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const ALLOW_PRIVATE_ENV = "SWITCHBOARD_ALLOW_PRIVATE_UPSTREAMS";

/** The operator's switch. Anything but unset, "", "true" or "false" is refused so that a typo ("yes", "1") is not silently ignored. */
export function policyFromEnv(env: Record<string, string | undefined> = process.env): UpstreamPolicy {
  const value = env[ALLOW_PRIVATE_ENV]?.trim() ?? "";
  if (value === "" || value === "false") return { allowPrivateNetworks: false };
  if (value === "true") return { allowPrivateNetworks: true };
  throw new Error(`${ALLOW_PRIVATE_ENV} must be "true" or "false" (got "${value}")`);
}

// ---------------------------------------------------------------------------------------------
// Addresses

type Verdict = { allowed: boolean; reason?: string };

interface Range {
  cidr: string;
  label: string;
  /** never: refused whatever the policy; private: refused unless allowPrivateNetworks. */
  rule: "never" | "private";
}

// First match wins, so narrower ranges come before the ranges that contain them.
const IPV4_RANGES: Range[] = [
  { cidr: "0.0.0.0/8", label: "unspecified, this network", rule: "never" },
  { cidr: "127.0.0.0/8", label: "loopback", rule: "never" },
  { cidr: "169.254.0.0/16", label: "link-local, cloud metadata", rule: "never" },
  { cidr: "192.0.0.0/24", label: "IETF protocol assignments", rule: "never" },
  { cidr: "192.0.2.0/24", label: "documentation", rule: "never" },
  { cidr: "192.88.99.0/24", label: "6to4 relay anycast, deprecated", rule: "never" },
  { cidr: "198.51.100.0/24", label: "documentation", rule: "never" },
  { cidr: "203.0.113.0/24", label: "documentation", rule: "never" },
  { cidr: "224.0.0.0/4", label: "multicast", rule: "never" },
  { cidr: "255.255.255.255/32", label: "broadcast", rule: "never" },
  { cidr: "240.0.0.0/4", label: "reserved", rule: "never" },
  { cidr: "10.0.0.0/8", label: "private network", rule: "private" },
  { cidr: "100.64.0.0/10", label: "carrier-grade NAT", rule: "private" },
  { cidr: "172.16.0.0/12", label: "private network", rule: "private" },
  { cidr: "192.168.0.0/16", label: "private network", rule: "private" },
  // Benchmarking range, in practice used for internal interconnects and "fake-IP" DNS proxies.
  { cidr: "198.18.0.0/15", label: "benchmarking, internal networks", rule: "private" },
];

const IPV6_RANGES: Range[] = [
  { cidr: "::/128", label: "unspecified", rule: "never" },
  { cidr: "::1/128", label: "loopback", rule: "never" },
  { cidr: "::/96", label: "IPv4-compatible, deprecated", rule: "never" },
  { cidr: "64:ff9b:1::/48", label: "local-use NAT64", rule: "never" },
  { cidr: "100::/64", label: "discard-only", rule: "never" },
  { cidr: "2001::/32", label: "Teredo tunnelling", rule: "never" },
  { cidr: "2001:db8::/32", label: "documentation", rule: "never" },
  { cidr: "3fff::/20", label: "documentation", rule: "never" },
  { cidr: "fe80::/10", label: "link-local", rule: "never" },
  { cidr: "ff00::/8", label: "multicast", rule: "never" },
  { cidr: "fc00::/7", label: "unique local, private network", rule: "private" },
  { cidr: "fec0::/10", label: "site-local, private network", rule: "private" },
];

// Metadata services answer with instance credentials, so they stay refused even where the range
// around them is allowed (fd00:ec2::254 sits in fc00::/7, 100.100.100.200 in 100.64/10).
const METADATA_ADDRESSES: Record<string, string> = {
  "169.254.169.254": "AWS, GCP, Azure, Oracle, DigitalOcean, OpenStack",
  "169.254.170.2": "AWS ECS task metadata",
  "169.254.0.23": "Tencent Cloud",
  "100.100.100.200": "Alibaba Cloud",
  "168.63.129.16": "Azure WireServer",
  "192.0.0.192": "Oracle Cloud, legacy",
  "fd00:ec2::254": "AWS IMDS over IPv6",
  "fd20:ce::254": "GCP metadata over IPv6",
};

// Host names that are known not to need DNS to be judged; everything else is judged after lookup.
const LOOPBACK_NAMES = /^(?:localhost|.+\.localhost)$/;
const METADATA_NAMES = new Set(["metadata.google.internal", "instance-data.ec2.internal"]);

interface CompiledRange extends Range {
  bytes: Uint8Array;
  bits: number;
}

function compile(ranges: Range[]): CompiledRange[] {
  return ranges.map((range) => {
    const [address, bits] = range.cidr.split("/");
    const bytes = parseAddress(address);
    if (!bytes) throw new Error(`bad range ${range.cidr}`);
    return { ...range, bytes, bits: Number(bits) };
  });
}

const COMPILED_V4 = compile(IPV4_RANGES);
const COMPILED_V6 = compile(IPV6_RANGES);
const METADATA_BYTES = Object.entries(METADATA_ADDRESSES).map(([address, label]) => ({
  address,
  label,
  bytes: parseAddress(address) as Uint8Array,
}));

function parseIPv4(text: string): Uint8Array | null {
  if (!net.isIPv4(text)) return null;
  return Uint8Array.from(text.split(".").map(Number));
}

function parseIPv6(text: string): Uint8Array | null {
  if (!net.isIPv6(text)) return null;
  let rest = text.toLowerCase();
  let tail: number[] = [];
  const lastColon = rest.lastIndexOf(":");
  if (rest.includes(".", lastColon)) {
    const v4 = parseIPv4(rest.slice(lastColon + 1));
    if (!v4) return null;
    tail = [(v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]];
    rest = rest.slice(0, lastColon + 1);
    if (!rest.endsWith("::")) rest = rest.slice(0, -1);
  }
  const toWords = (part: string) => (part === "" ? [] : part.split(":").map((word) => Number.parseInt(word, 16)));
  const [head, after] = rest.split("::").map(toWords);
  const words =
    after === undefined
      ? [...head, ...tail]
      : [...head, ...new Array(8 - head.length - after.length - tail.length).fill(0), ...after, ...tail];
  if (words.length !== 8) return null;
  const bytes = new Uint8Array(16);
  words.forEach((word, i) => {
    bytes[i * 2] = word >> 8;
    bytes[i * 2 + 1] = word & 0xff;
  });
  return bytes;
}

/** 4 or 16 bytes, or null when the text is not an IP address in its ordinary notation (a zone id is ignored). */
function parseAddress(text: string): Uint8Array | null {
  const withoutZone = text.includes("%") ? text.slice(0, text.indexOf("%")) : text;
  return parseIPv4(withoutZone) ?? parseIPv6(withoutZone);
}

function inRange(bytes: Uint8Array, range: CompiledRange): boolean {
  if (bytes.length !== range.bytes.length) return false;
  const whole = range.bits >> 3;
  for (let i = 0; i < whole; i++) if (bytes[i] !== range.bytes[i]) return false;
  const partial = range.bits & 7;
  if (partial === 0) return true;
  const mask = (0xff << (8 - partial)) & 0xff;
  return (bytes[whole] & mask) === (range.bytes[whole] & mask);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

function formatIPv4(bytes: Uint8Array): string {
  return Array.from(bytes).join(".");
}

/** The IPv4 address an IPv6 address stands for or tunnels to, if any: judged instead of the IPv6 form. */
function embeddedIPv4(bytes: Uint8Array): { ipv4: Uint8Array; how: string } | null {
  const prefixIs = (prefix: number[]) => prefix.every((byte, i) => bytes[i] === byte);
  if (prefixIs([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff])) return { ipv4: bytes.slice(12), how: "IPv4-mapped" };
  if (prefixIs([0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0])) return { ipv4: bytes.slice(12), how: "NAT64" };
  if (prefixIs([0x20, 0x02])) return { ipv4: bytes.slice(2, 6), how: "6to4" };
  return null;
}

function judge(bytes: Uint8Array, policy: UpstreamPolicy): Verdict {
  const metadata = METADATA_BYTES.find((entry) => sameBytes(entry.bytes, bytes));
  if (metadata) {
    return { allowed: false, reason: `${metadata.address} is a cloud metadata address (${metadata.label}) and is never allowed` };
  }

  if (bytes.length === 16) {
    const embedded = embeddedIPv4(bytes);
    if (embedded) {
      const inner = judge(embedded.ipv4, policy);
      if (inner.allowed) return inner;
      return { allowed: false, reason: `This is the ${embedded.how} form of ${formatIPv4(embedded.ipv4)}. ${inner.reason}` };
    }
  }

  const range = (bytes.length === 4 ? COMPILED_V4 : COMPILED_V6).find((candidate) => inRange(bytes, candidate));
  if (range?.rule === "never") return { allowed: false, reason: `Addresses in ${range.cidr} (${range.label}) are never allowed` };
  if (range?.rule === "private") {
    if (policy.allowPrivateNetworks) return { allowed: true };
    return {
      allowed: false,
      reason: `Addresses in ${range.cidr} (${range.label}) are allowed only when the instance owner sets ${ALLOW_PRIVATE_ENV}=true`,
    };
  }
  // Everything outside IPv6 global unicast is unassigned or special-purpose.
  if (bytes.length === 16 && (bytes[0] & 0xe0) !== 0x20) {
    return { allowed: false, reason: "IPv6 addresses outside 2000::/3 (global unicast) are never allowed" };
  }
  return { allowed: true };
}

/**
 * Whether Switchboard may open a connection to this address. Expects an address as DNS or a parsed
 * URL gives it (dotted-quad IPv4, or IPv6 without brackets); anything else is refused.
 */
export function isAddressAllowed(ip: string, policy: UpstreamPolicy): Verdict {
  const bytes = parseAddress(ip);
  if (!bytes) return { allowed: false, reason: `"${ip}" is not an IP address` };
  return judge(bytes, policy);
}

// ---------------------------------------------------------------------------------------------
// URLs

const MAX_URL_LENGTH = 2048;
const MAX_HOST_LENGTH = 253;

function hostVerdict(hostname: string, policy: UpstreamPolicy): Verdict {
  const literal = hostname.startsWith("[") ? hostname.slice(1, -1) : hostname;
  if (net.isIP(literal)) return isAddressAllowed(literal, policy);
  const name = hostname.replace(/\.$/, "");
  if (LOOPBACK_NAMES.test(name)) return { allowed: false, reason: `${name} is a loopback name and is never allowed` };
  if (METADATA_NAMES.has(name)) return { allowed: false, reason: `${name} is a cloud metadata host and is never allowed` };
  return { allowed: true };
}

/**
 * Checks an upstream base URL as typed by a person, and returns it normalised (the WHATWG parse,
 * which is also how undici reads it: store and use `href` of the result, never the raw text).
 * Host names are not resolved here: the guarded dispatcher judges what they resolve to, on every
 * connection.
 */
export function checkUpstreamUrl(raw: string, policy: UpstreamPolicy): URL {
  const text = raw.trim();
  if (text === "") throw new UpstreamUrlError("invalid_url", "Enter the upstream's base URL");
  if (text.length > MAX_URL_LENGTH) throw new UpstreamUrlError("invalid_url", `The URL is longer than ${MAX_URL_LENGTH} characters`);
  // The URL parser would silently drop tabs and newlines inside the text; refuse rather than guess.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this looks for
  if (/[\u0000-\u0020\u007f]/.test(text)) throw new UpstreamUrlError("invalid_url", "The URL contains spaces or control characters");

  if (/^https?:\/\/(?::\d*)?(?:[/?#]|$)/i.test(text)) throw new UpstreamUrlError("host", "The URL has no host");

  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UpstreamUrlError("invalid_url", "This is not a valid URL (it should look like https://api.example.com/v1)");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UpstreamUrlError("scheme", `Only http:// and https:// URLs are allowed, not ${url.protocol}`);
  }
  if (url.username !== "" || url.password !== "") {
    throw new UpstreamUrlError(
      "credentials",
      "The URL must not contain a user name or password (user:pass@); put the key in the API key field",
    );
  }
  if (url.hostname === "") throw new UpstreamUrlError("host", "The URL has no host");
  // After parsing, a "#" can only start a fragment (an empty one leaves url.hash empty).
  if (url.href.includes("#")) throw new UpstreamUrlError("fragment", "The URL must not contain a fragment (#…)");
  if (url.hostname.length > MAX_HOST_LENGTH) {
    throw new UpstreamUrlError("host", `The host name is longer than ${MAX_HOST_LENGTH} characters`);
  }
  if (!url.hostname.startsWith("[") && url.hostname.split(".").some((label) => label.length > 63)) {
    throw new UpstreamUrlError("host", "A part of the host name is longer than 63 characters");
  }

  const verdict = hostVerdict(url.hostname, policy);
  if (!verdict.allowed) {
    throw new UpstreamUrlError("blocked_address", `The upstream host ${url.hostname} is not allowed: ${verdict.reason}`);
  }
  return url;
}

// ---------------------------------------------------------------------------------------------
// Redirects

type ResponseHeaders = Headers | Record<string, string | string[] | undefined>;

function locationOf(headers: ResponseHeaders): string | undefined {
  if (headers instanceof Headers) return headers.get("location") ?? undefined;
  const value = headers.location ?? headers.Location;
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Upstreams must not redirect: following a redirect would send the request (and the upstream key)
 * to a host nobody checked. undici's request/fetch with an Agent never follow one on their own, so
 * the caller passes every upstream response's status here and treats the error as the answer. 304
 * is not a redirect (no new location) and passes.
 */
export function assertNotRedirect(
  statusCode: number,
  headers: ResponseHeaders,
  options: { requestUrl?: string | URL; policy: UpstreamPolicy },
): void {
  if (statusCode < 300 || statusCode > 399 || statusCode === 304) return;
  const location = locationOf(headers);
  let target: URL | undefined;
  try {
    if (location) target = new URL(location, options.requestUrl);
  } catch {
    target = undefined;
  }
  if (target && (target.protocol === "http:" || target.protocol === "https:") && target.hostname !== "") {
    const verdict = hostVerdict(target.hostname, options.policy);
    if (!verdict.allowed) {
      throw new UpstreamUrlError(
        "redirect",
        `The upstream answered ${statusCode}, a redirect to ${target.hostname}, which is not allowed: ${verdict.reason}. Upstreams must not redirect`,
      );
    }
    throw new UpstreamUrlError(
      "redirect",
      `The upstream answered ${statusCode}, a redirect to ${target.protocol}//${target.host}; upstreams must not redirect (use the address it points to as the base URL)`,
    );
  }
  throw new UpstreamUrlError("redirect", `The upstream answered ${statusCode}, a redirect; upstreams must not redirect`);
}
