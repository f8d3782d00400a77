/** A reservation as the back office lists it (`GET /api/reservations`). */
export interface AdminReservation {
  id: number;
  status: string;
  ticket_code: string;
  slot: { id: number; date: string; start_time: string; end_time: string };
  customer_email: string;
  customer_phone: string;
  reserved_at: string;
  verified_at: string | null;
  verified_by: string | number | null;
  cancelled_at: string | null;
  order_ref: string | null;
}
