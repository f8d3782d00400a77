/** Issuing N codes, downloaded as CSV (built in the browser), and activating one. */
import { useRef } from "preact/hooks";
import { useSignal } from "@preact/signals";
import { api } from "../api.ts";
import {
  Field,
  Live,
  Problem,
  SelectField,
  Submit,
  text,
  useAction,
} from "../form.tsx";
import { formatTicketCode } from "../../../domain/ticket_code.ts";

interface Issued {
  code: string;
  status: string;
  order_ref?: string | null;
}

/** A CSV cell, quoted when needed (RFC 4180). */
function cell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** The issued tickets as a CSV file the import reads back. */
export function ticketsCsv(tickets: Issued[]): string {
  return "code,status,order_ref\r\n" +
    tickets.map((t) =>
      [t.code, t.status, t.order_ref ?? ""].map(cell).join(",")
    ).join("\r\n") + "\r\n";
}

function download(name: string, csv: string) {
  const url = URL.createObjectURL(new Blob([csv], { type: "text/csv" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The issue form. */
export function IssueTickets(props: { orq: number }) {
  const form = useRef<HTMLFormElement>(null);
  const issued = useSignal<Issued[] | null>(null);
  const act = useAction();

  const submit = async (e: Event) => {
    e.preventDefault();
    const f = form.current!;
    const count = Number(text(f, "count"));
    if (!Number.isInteger(count) || count < 1 || count > 1000) {
      act.refuse({ count: "A whole number from 1 to 1000." }, f);
      return;
    }
    const orderRef = text(f, "order_ref");
    const r = await act.run(
      () =>
        api<{ tickets: Issued[] }>("POST", "/api/tickets/issue", {
          orq: props.orq,
          count,
          status: text(f, "status"),
          ...(orderRef ? { order_ref: orderRef } : {}),
        }),
      f,
    );
    if (!r?.ok) return;
    issued.value = r.data.tickets;
    act.done.value = `${r.data.tickets.length} tickets issued.`;
  };

  const fields = act.fields;
  const list = issued.value;
  return (
    <section class="panel" aria-labelledby="issue-title">
      <h2 id="issue-title">Issue tickets</h2>
      <form ref={form} noValidate onSubmit={submit}>
        <Problem
          error={act.error.value}
          shown={["count", "status", "order_ref"]}
        />
        <div class="adm-grid">
          <Field
            id="issue-count"
            name="count"
            label="How many"
            type="number"
            min={1}
            max={1000}
            inputMode="numeric"
            defaultValue="10"
            error={fields.count}
          />
          <SelectField
            id="issue-status"
            name="status"
            label="Status"
            value="ACTIVATED"
            options={[
              ["ACTIVATED", "Activated (can book)"],
              ["PENDING_PAYMENT", "Pending payment"],
            ]}
            error={fields.status}
          />
          <Field
            id="issue-order"
            name="order_ref"
            label="Order reference (optional)"
            error={fields.order_ref}
          />
        </div>
        <Submit busy={act.busy.value} label="Issue" busyLabel="Issuing…" />
      </form>
      <Live text={act.done.value} />
      {list && list.length > 0 && (
        <div data-issued>
          <button
            type="button"
            class="button"
            onClick={() =>
              download(`tickets-${list.length}.csv`, ticketsCsv(list))}
          >
            Download {list.length} codes (CSV)
          </button>
          <ul class="adm-compact adm-codes">
            {list.slice(0, 20).map((t) => (
              <li key={t.code} class="code">{formatTicketCode(t.code)}</li>
            ))}
            {list.length > 20 && <li>… and {list.length - 20} more</li>}
          </ul>
        </div>
      )}
    </section>
  );
}

/** The activate form (a payment arrived outside the payment integration). */
export function ActivateTicket() {
  const form = useRef<HTMLFormElement>(null);
  const act = useAction();
  const submit = async (e: Event) => {
    e.preventDefault();
    const f = form.current!;
    const code = text(f, "ticket_code");
    if (!code) {
      act.refuse({ ticket_code: "Type the ticket's code." }, f);
      return;
    }
    const r = await act.run(
      () =>
        api<{ ticket: { code: string; status: string } }>(
          "POST",
          "/api/tickets/activate",
          { ticket_code: code },
        ),
      f,
    );
    if (r?.ok) {
      act.done.value = `${
        formatTicketCode(r.data.ticket.code)
      } is activated: it can book a slot.`;
    }
  };
  return (
    <section class="panel" aria-labelledby="activate-title">
      <h2 id="activate-title">Activate a ticket</h2>
      <form ref={form} noValidate onSubmit={submit} class="adm-inline">
        <Problem error={act.error.value} shown={["ticket_code"]} />
        <Field
          id="activate-code"
          name="ticket_code"
          label="Ticket code"
          class="code-input"
          autocomplete="off"
          spellcheck={false}
          error={act.fields.ticket_code}
        />
        <Submit busy={act.busy.value} label="Activate" />
      </form>
      <Live text={act.done.value} />
    </section>
  );
}
