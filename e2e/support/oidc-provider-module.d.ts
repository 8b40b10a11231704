// oidc-provider ships no types; the test uses a handful of its options, checked by running it.
declare module "oidc-provider";
