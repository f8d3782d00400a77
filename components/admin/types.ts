import type { Catalogue } from "../../domain/translator.ts";

/** What every back-office island gets from the server. */
export interface AdminProps {
  orq: number;
  role: "MANAGER" | "ADMIN";
  /** Today in the venue's zone, `YYYY-MM-DD`. */
  today: string;
  timezone: string;
  /**
   * English text for the customer portal's components the back office
   * reuses (the move calendar); the back office itself is English only.
   */
  i18n?: Catalogue;
}

/** A slot as the back office lists it (`GET /api/reservation-slots`). */
export interface AdminSlot {
  id: number;
  date: string;
  start_time: string;
  end_time: string;
  status: string;
  total_capacity: number;
  booked_count: number;
  held_count?: number;
  available_count?: number;
  verified_count?: number;
  waitlist_count?: number;
}

/** The ISO weekday names, Monday first. */
export const WEEKDAYS = [
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday",
  "Sunday",
];
