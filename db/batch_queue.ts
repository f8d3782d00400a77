import { atTurnEnd } from "./turn_end.ts";

/**
 * The flat-combining queue under the batchers (BatchLoader, ReservationBatcher):
 * items wait for the end of the event loop's turn, then go to `serve` in
 * batches of at most `maxBatch`, with at most `maxInFlight` batches served at
 * once; the items that arrive meanwhile go together in the next batch.
 * `serve` settles each item itself and should not reject.
 */
export class BatchQueue<T> {
  #waiting: T[] = [];
  #inFlight = 0;
  #pumpAtTurnEnd = atTurnEnd(() => this.#pump());

  constructor(
    private serve: (batch: T[]) => Promise<void>,
    private maxInFlight: number,
    private maxBatch: number,
  ) {}

  /** Queues `item` for a batch that starts at the end of this turn or later. */
  push(item: T): void {
    this.#waiting.push(item);
    this.#pumpAtTurnEnd();
  }

  #pump(): void {
    while (this.#inFlight < this.maxInFlight && this.#waiting.length > 0) {
      const batch = this.#waiting.splice(0, this.maxBatch);
      this.#inFlight++;
      this.serve(batch).finally(() => {
        this.#inFlight--;
        this.#pump();
      });
    }
  }
}
