/**
 * Tracks which records of one partition are still being processed, so that the committed
 * offset never passes a record that has not finished (at-least-once with out-of-order
 * completion, as in Confluent's Parallel Consumer).
 */
export class OffsetTracker {
  private readonly unfinished = new Set<bigint>();
  private highestStarted: bigint | undefined;
  private lastCommitted: bigint | undefined;

  begin(offset: string): void {
    const value = BigInt(offset);
    this.unfinished.add(value);
    if (this.highestStarted === undefined || value > this.highestStarted)
      this.highestStarted = value;
  }

  finish(offset: string): void {
    this.unfinished.delete(BigInt(offset));
  }

  get inFlight(): number {
    return this.unfinished.size;
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
