import { atTurnEnd } from "./turn_end.ts";

/**
 * The flat-combining queue under the batchers (BatchLoader and the door's,
 * bookings' and reschedules' batchers):
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

/** An item of a {@link SettlingQueue} with the settlement of its caller's promise. */
export type Pending<T, R> = T & {
  resolve: (result: R) => void;
  reject: (err: unknown) => void;
};

/**
 * A {@link BatchQueue} whose callers wait for a result: `submit` returns the
 * promise that `serve` settles through the item's `resolve` or `reject`.
 */
export class SettlingQueue<T extends object, R>
  extends BatchQueue<Pending<T, R>> {
  /** Queues `item`; its result arrives when `serve` settles it. */
  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) =>
      this.push({ ...item, resolve, reject })
    );
  }
}
