/** `/admin/tickets`: import a CSV, issue codes, activate one, search. */
import { hydrateIsland } from "../components/hydrate.ts";
import type { AdminProps } from "../components/admin/types.ts";
import { ImportTickets } from "../components/admin/tickets/ImportTickets.tsx";
import {
  ActivateTicket,
  IssueTickets,
} from "../components/admin/tickets/IssueTickets.tsx";
import { TicketSearch } from "../components/admin/tickets/TicketSearch.tsx";

/** The tickets page. */
export default function AdminTickets(props: AdminProps) {
  return (
    <div class="adm-columns">
      <ImportTickets orq={props.orq} />
      <IssueTickets orq={props.orq} />
      <ActivateTicket />
      <TicketSearch orq={props.orq} timezone={props.timezone} />
    </div>
  );
}

if (typeof document !== "undefined") {
  hydrateIsland("AdminTickets", AdminTickets);
}
