import "server-only";
import os from "node:os";
import nodemailer from "nodemailer";

// Outgoing mail (invitations, password reset links) goes through the SMTP server named by SMTP_URL
// (`smtp://user:pass@host:587`, `smtps://…:465`). Without it nothing is sent and admins copy the
// links by hand; a failed send never undoes what the mail was about.

export function mailConfigured(): boolean {
  return Boolean(process.env.SMTP_URL?.trim());
}

export interface MailResult {
  /** null when SMTP is not configured. */
  sent: boolean | null;
  error?: string;
}

export async function sendMail(message: { to: string; subject: string; text: string }): Promise<MailResult> {
  const url = process.env.SMTP_URL?.trim();
  if (!url) return { sent: null };
  const from = process.env.SMTP_FROM?.trim() || `Switchboard <switchboard@${os.hostname()}>`;
  try {
    const transport = nodemailer.createTransport(url, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
    await transport.sendMail({ from, ...message });
    transport.close();
    return { sent: true };
  } catch (error) {
    // The SMTP server's words (a refused recipient, a failed login) help the admin; the URL with
    // its password is never part of them.
    const reason = error instanceof Error ? error.message.replace(url, "SMTP_URL") : "unknown error";
    console.error("[mail] sending failed:", reason);
    return { sent: false, error: `The email could not be sent (${reason}). Copy the link instead.` };
  }
}
