import {
  buildDocument,
  type JsonSchema,
  type OperationSpec,
} from "../../lib/openapi/document.ts";
import { CUSTOMER_OPERATIONS } from "./customer_operations.ts";
import { STAFF_OPERATIONS } from "./staff_operations.ts";
import { PAGE_OPERATIONS } from "./page_operations.ts";
import { PAGE_FORM_OPERATIONS } from "./page_form_operations.ts";
import { SLOTS_ADMIN_OPERATIONS } from "./slots_admin_operations.ts";
import { STAFF_ORG_OPERATIONS } from "./staff_org_operations.ts";
import { RESERVATION_LIST_OPERATIONS } from "./reservation_list_operations.ts";
import { TICKETS_ADMIN_OPERATIONS } from "./tickets_admin_operations.ts";
import { RESERVATION_CHANGE_OPERATIONS } from "./reservation_change_operations.ts";
import { ORGANIZATION_LIST_OPERATIONS } from "./organization_list_operations.ts";
import { DOOR_SEARCH_OPERATIONS } from "./door_search_operations.ts";
import { DOOR_OPERATIONS } from "./door_operations.ts";
import { DOOR_SYNC_OPERATIONS } from "./door_sync_operations.ts";
import { CUSTOMER_CHANGE_OPERATIONS } from "./customer_change_operations.ts";
import { RESERVATION_GROUP_OPERATIONS } from "./reservation_group_operations.ts";
import { WAITLIST_OPERATIONS } from "./waitlist_operations.ts";
import { MANAGE_BOOKING_OPERATIONS } from "./manage_booking_operations.ts";
import { OFFLINE_OPERATIONS } from "./offline_operations.ts";

/** Every route the app mounts, but `/static/*`. */
export const OPERATIONS: readonly OperationSpec[] = [
  ...CUSTOMER_OPERATIONS,
  ...STAFF_OPERATIONS,
  ...PAGE_OPERATIONS,
  ...PAGE_FORM_OPERATIONS,
  ...SLOTS_ADMIN_OPERATIONS,
  ...STAFF_ORG_OPERATIONS,
  ...RESERVATION_LIST_OPERATIONS,
  ...TICKETS_ADMIN_OPERATIONS,
  ...RESERVATION_CHANGE_OPERATIONS,
  ...ORGANIZATION_LIST_OPERATIONS,
  ...DOOR_SEARCH_OPERATIONS,
  ...DOOR_OPERATIONS,
  ...DOOR_SYNC_OPERATIONS,
  ...CUSTOMER_CHANGE_OPERATIONS,
  ...RESERVATION_GROUP_OPERATIONS,
  ...WAITLIST_OPERATIONS,
  ...MANAGE_BOOKING_OPERATIONS,
  ...OFFLINE_OPERATIONS,
];

/** The app's OpenAPI 3.1 document (built anew: callers keep it). */
export function apiDocument(): JsonSchema {
  return buildDocument({
    title: "Timed-entry reservations",
    version: "1",
    description: "Customers reserve a time slot for a ticket; door staff " +
      "scan it; managers watch the day. JSON in and out; errors are " +
      '`{"error": {"code", "message", "details"}}` with the codes listed ' +
      "per route. Authenticated routes take `Authorization: Bearer <JWT>` " +
      "from the login, or its cookie. Rate limits answer 429 with " +
      "Retry-After; bodies are at most 64 KiB (413). While the database " +
      "cannot be reached, routes that need it answer 503 " +
      "SERVICE_UNAVAILABLE with Retry-After: 2.",
  }, OPERATIONS);
}
