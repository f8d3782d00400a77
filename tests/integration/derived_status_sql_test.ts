/**
 * A slot's derived status has one rule in TypeScript (domain derivedStatus)
 * and one in SQL (db/sql_fragments.ts derivedStatus, used by the count
 * changes of moves and cancellations): both answer alike, on both engines.
 */
import { deepStrictEqual } from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import { derivedStatus as derivedStatusSql } from "../../db/sql_fragments.ts";
import { derivedStatus, type SlotStatus } from "../../domain/slot_rules.ts";

interface Case {
  status: SlotStatus;
  total_capacity: number;
  booked_count: number;
  held_count: number;
}

const STATUSES: SlotStatus[] = ["ACTIVE", "FULL", "CLOSED"];
const CASES: Case[] = STATUSES.flatMap((status) =>
  [0, 1, 4, 5, 6].flatMap((booked_count) =>
    [0, 1, 2].map((held_count) => ({
      status,
      total_capacity: 5,
      booked_count,
      held_count,
    }))
  )
);

testEachEngine(
  "the SQL derived status agrees with the domain's, after a booking and after a release",
  async (s) => {
    for (const delta of [1, -1]) {
      const booked = `(booked_count ${delta > 0 ? "+" : "-"} 1)`;
      const rows = await s.db.query<{ status: string }>(
        `SELECT ${derivedStatusSql(booked)} AS status
           FROM unnest($1::text[], $2::int[], $3::int[], $4::int[])
                WITH ORDINALITY
                AS c(status, total_capacity, booked_count, held_count, i)
          ORDER BY c.i`,
        [
          CASES.map((c) => c.status),
          CASES.map((c) => c.total_capacity),
          CASES.map((c) => c.booked_count),
          CASES.map((c) => c.held_count),
        ],
      );
      deepStrictEqual(
        rows.map((r) => r.status),
        CASES.map((c) =>
          derivedStatus({ ...c, booked_count: c.booked_count + delta })
        ),
      );
    }
  },
);
