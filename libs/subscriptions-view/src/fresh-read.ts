/**
 * Shares one read among concurrent callers while guaranteeing each caller a read that started
 * after its call: a caller that arrives while a read is in flight waits for the next one, which
 * all such callers share. So many fan-out batches at once cost two offsets requests, not one
 * each, and read-your-writes still holds (the read happens after the event was fetched).
 */
export class FreshRead<T> {
  private inFlight: Promise<T> | undefined;
  private next: Promise<T> | undefined;

  constructor(private readonly read: () => Promise<T>) {}

  get(): Promise<T> {
    if (!this.inFlight) {
      this.inFlight = this.read().finally(() => {
        this.inFlight = undefined;
      });
      return this.inFlight;
    }
    this.next ??= this.inFlight
      .catch(() => undefined)
      .then(() => {
        this.next = undefined;
        return this.get();
      });
    return this.next;
  }
}
