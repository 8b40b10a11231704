import "server-only";

// The address people use to reach this instance. It decides whether cookies are marked Secure
// and where next-auth sends people back to.
export function publicUrl(): URL {
  const configured = process.env.SWITCHBOARD_URL || process.env.NEXTAUTH_URL;
  return new URL(configured || `http://localhost:${process.env.PORT || 3000}`);
}

export function usesSecureCookies(): boolean {
  return publicUrl().protocol === "https:";
}
