/** Searching tickets by code fragment, status or order reference. */
import { useEffect, useRef } from "preact/hooks";
import {
  Field,
  focusProblem,
  Live,
  Problem,
  SelectField,
  Submit,
  text,
} from "../form.tsx";
import { useList } from "../list.ts";
import { formatTicketCode } from "../../../domain/ticket_code.ts";
import { instant } from "../dates.ts";
import { fieldErrors } from "../api.ts";

interface TicketRow {
  code: string;
  status: string;
  order_ref?: string | null;
  created_at?: string;
  issued_at?: string;
}

const STATUSES: [string, string][] = [
  ["", "Any status"],
  ["PENDING_PAYMENT", "Pending payment"],
  ["ACTIVATED", "Activated"],
  ["RESERVED", "Reserved"],
  ["VERIFIED", "Verified"],
  ["EXPIRED", "Expired"],
  ["CANCELLED", "Cancelled"],
];

/** The search form and its table. */
export function TicketSearch(props: { orq: number; timezone: string }) {
  const form = useRef<HTMLFormElement>(null);
  const list = useList<TicketRow>();
  const search = async (e?: Event) => {
    e?.preventDefault();
    const f = form.current!;
    await list.load("/api/tickets", {
      orq: props.orq,
      q: text(f, "q"),
      status: text(f, "status"),
      order_ref: text(f, "order_ref"),
    });
    if (e && list.error.value) focusProblem(f);
  };
  useEffect(() => {
    search();
  }, []);

  const fields = fieldErrors(list.error.value);
  const items = list.items.value;
  return (
    <section class="panel adm-wide" aria-labelledby="search-title">
      <h2 id="search-title">Find tickets</h2>
      <form ref={form} noValidate onSubmit={search}>
        <Problem
          error={list.error.value}
          shown={["q", "status", "order_ref"]}
        />
        <div class="adm-grid">
          <Field
            id="t-q"
            name="q"
            label="Code fragment"
            hint="3 characters or more; spaces and dashes are ignored."
            autocomplete="off"
            spellcheck={false}
            error={fields.q}
          />
          <SelectField
            id="t-status"
            name="status"
            label="Status"
            value=""
            options={STATUSES}
            error={fields.status}
          />
          <Field
            id="t-order"
            name="order_ref"
            label="Order reference"
            error={fields.order_ref}
          />
        </div>
        <Submit busy={list.busy.value} label="Search" busyLabel="Searching…" />
      </form>
      <Live
        text={items === null || list.busy.value || list.error.value
          ? ""
          : `${items.length}${list.next.value ? " or more" : ""} ${
            items.length === 1 ? "ticket" : "tickets"
          } found.`}
      />
      {items && items.length > 0 && (
        <div class="adm-scroll" tabIndex={0} aria-label="Tickets found">
          <table class="adm-table">
            <thead>
              <tr>
                <th scope="col">Code</th>
                <th scope="col">Status</th>
                <th scope="col">Order</th>
                <th scope="col">Issued</th>
              </tr>
            </thead>
            <tbody>
              {items.map((t) => (
                <tr key={t.code} data-ticket={t.code}>
                  <td class="code">{formatTicketCode(t.code)}</td>
                  <td>{t.status}</td>
                  <td>{t.order_ref ?? ""}</td>
                  <td>
                    {instant(t.created_at ?? t.issued_at, props.timezone)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.next.value && (
        <button
          type="button"
          class="button"
          disabled={list.busy.value}
          onClick={() => list.more()}
        >
          Show more
        </button>
      )}
    </section>
  );
}
