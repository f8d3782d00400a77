/**
 * Where mail goes: an SMTP server (`SMTP_URL`), or without one the dev
 * mailbox `DATA_DIR/mailbox/<outbox id>.eml`.
 */
import nodemailer, { type SendMailOptions } from "nodemailer";

/** Sends one composed message. */
export interface MailTransport {
  readonly kind: "smtp" | "mailbox";
  /** Delivers `message`; `id` names the outbox row (the mailbox file). */
  send(
    message: SendMailOptions,
    opts: { id: string; signal?: AbortSignal },
  ): Promise<{ messageId: string }>;
  close(): void;
}

/** Settings the transport needs (from lib/config.ts). */
export interface TransportConfig {
  smtpUrl: string | null;
  dataDir: string;
}

/** Timeouts of one SMTP conversation, well inside the worker's lease. */
const SMTP_TIMEOUTS = {
  connectionTimeout: 15_000,
  greetingTimeout: 15_000,
  socketTimeout: 30_000,
};

/** The SMTP transport when `smtpUrl` is set, else the mailbox directory. */
export function createMailTransport(config: TransportConfig): MailTransport {
  return config.smtpUrl
    ? smtpTransport(config.smtpUrl)
    : mailboxTransport(`${config.dataDir}/mailbox`);
}

function smtpTransport(url: string): MailTransport {
  const t = nodemailer.createTransport({ url, ...SMTP_TIMEOUTS });
  return {
    kind: "smtp",
    send: async (message, opts) => {
      const info = await t.sendMail({ ...message, signal: opts.signal });
      return { messageId: info.messageId };
    },
    close: () => t.close(),
  };
}

function mailboxTransport(dir: string): MailTransport {
  const t = nodemailer.createTransport({ streamTransport: true, buffer: true });
  return {
    kind: "mailbox",
    send: async (message, opts) => {
      const info = await t.sendMail(message);
      if (!/^[0-9]+$/.test(opts.id)) {
        throw new Error(`Cannot name a mailbox file after "${opts.id}"`);
      }
      await Deno.mkdir(dir, { recursive: true });
      // Write then rename, so a reader never sees half a message.
      const tmp = `${dir}/.${opts.id}.eml.tmp`;
      await Deno.writeFile(tmp, info.message as Uint8Array);
      await Deno.rename(tmp, `${dir}/${opts.id}.eml`);
      return { messageId: info.messageId };
    },
    close: () => t.close(),
  };
}
