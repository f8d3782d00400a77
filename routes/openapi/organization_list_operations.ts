/**
 * The platform administrator's list of organizations
 * (routes/api/admin.ts organizationRoutes) for the OpenAPI document.
 */
import { z } from "zod";
import type { OperationSpec } from "../../lib/openapi/document.ts";
import * as answers from "./responses.ts";
import { codes, STAFF } from "./error_codes.ts";

/** `GET /api/organizations` 200. */
export const organizationList = z.object({
  items: z.array(answers.organizationAnswer),
});

/** `GET /api/organizations`. */
export const ORGANIZATION_LIST_OPERATIONS: OperationSpec[] = [
  {
    method: "get",
    path: "/api/organizations",
    tag: "Admin",
    summary: "Every organization, by number",
    description: "For the platform administrator, who may work in any " +
      "organization (the back office's organization switcher); anyone " +
      "else signed in gets 403 FORBIDDEN.",
    auth: "staff",
    roles: ["PLATFORM_ADMIN"],
    answers: {
      200: {
        description: "The organizations: number, name and time zone",
        schema: organizationList,
      },
    },
    errors: codes(STAFF),
  },
];
