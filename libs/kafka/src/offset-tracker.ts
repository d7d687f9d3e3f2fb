/**
 * Tracks which records of one partition are still being processed, so that the committed
 * offset never passes a record that has not finished (at-least-once with out-of-order
 * completion, as in Confluent's Parallel Consumer).
 */
export class OffsetTracker {
  private readonly unfinished = new Set<bigint>();
  private highestStarted: bigint | undefined;
  private lastCommitted: bigint | undefined;
  private firstStarted: bigint | undefined;

  begin(offset: string): void {
    const value = BigInt(offset);
    this.unfinished.add(value);
    if (this.firstStarted === undefined || value < this.firstStarted) this.firstStarted = value;
    if (this.highestStarted === undefined || value > this.highestStarted)
      this.highestStarted = value;
  }

  finish(offset: string): void {
    this.unfinished.delete(BigInt(offset));
  }

  get inFlight(): number {
    return this.unfinished.size;
  }

  /**
   * True for an offset this tracker has already taken in (finished or still running): after a
   * rebalance that keeps the partition, kafkajs fetches again from the committed offset, and
   * such records must not be processed twice.
   */
  seen(offset: string): boolean {
    return this.highestStarted !== undefined && BigInt(offset) <= this.highestStarted;
  }

  /**
   * Forgets offsets from `offset` on, which were begun but will not finish here (a batch given
   * up when its partition is revoked or the consumer stops), so a later fetch takes them again.
   */
  rollbackFrom(offset: string): void {
    const from = BigInt(offset);
    for (const unfinished of this.unfinished)
      if (unfinished >= from) this.unfinished.delete(unfinished);
    if (this.highestStarted !== undefined && this.highestStarted >= from) {
      this.highestStarted = from - 1n;
    }
  }

  /** The offset committed last (the next record to read), if any. */
  get committed(): string | undefined {
    return this.lastCommitted?.toString();
  }

  /** The first offset ever begun: where the group's committed offset stood when this tracker started. */
  get first(): string | undefined {
    return this.firstStarted?.toString();
  }

  /** The offset to commit (next record to read), or undefined when nothing new can be committed. */
  committable(): string | undefined {
    if (this.highestStarted === undefined) return undefined;
    let next = this.highestStarted + 1n;
    for (const offset of this.unfinished) if (offset < next) next = offset;
    if (this.lastCommitted !== undefined && next <= this.lastCommitted) return undefined;
    return next.toString();
  }

  markCommitted(offset: string): void {
    const value = BigInt(offset);
    if (this.lastCommitted === undefined || value > this.lastCommitted) this.lastCommitted = value;
  }
}
