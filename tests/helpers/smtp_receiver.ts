/** An in-process SMTP server that keeps what it receives, for mail tests. */
import { SMTPServer } from "smtp-server";
import type { AddressInfo } from "node:net";

/** One message as the receiver got it. */
export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

/** A running receiver. */
export interface SmtpReceiver {
  /** `smtp://127.0.0.1:<port>` for SMTP_URL. */
  url: string;
  messages: ReceivedMail[];
  /** Refuses the next `n` messages at DATA with a temporary 451. */
  failNext(n: number): void;
  /** Resolves once `count` messages have arrived (or rejects after `ms`). */
  waitFor(count: number, ms?: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts a receiver on a free loopback port. */
export async function startSmtpReceiver(): Promise<SmtpReceiver> {
  const messages: ReceivedMail[] = [];
  let failures = 0;
  const server = new SMTPServer({
    // A fixed name: otherwise smtp-server asks the OS (needs --allow-sys).
    name: "localhost",
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Uint8Array[] = [];
      stream.on("data", (c: Uint8Array) => chunks.push(c));
      stream.on("end", () => {
        if (failures > 0) {
          failures--;
          const err = Object.assign(new Error("Try again later"), {
            responseCode: 451,
          });
          return callback(err);
        }
        const raw = new TextDecoder().decode(concat(chunks));
        messages.push({
          from: session.envelope.mailFrom
            ? session.envelope.mailFrom.address
            : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
        });
        callback();
      });
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    const net = server.listen(
      0,
      "127.0.0.1",
      () => resolve((net.address() as AddressInfo).port),
    );
    net.on("error", reject);
  });
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    failNext: (n) => {
      failures = n;
    },
    waitFor: async (count, ms = 5000) => {
      const until = Date.now() + ms;
      while (messages.length < count) {
        if (Date.now() > until) {
          throw new Error(
            `Expected ${count} messages, received ${messages.length}`,
          );
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let i = 0;
  for (const c of chunks) {
    out.set(c, i);
    i += c.length;
  }
  return out;
}
