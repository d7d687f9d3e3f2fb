import { OffsetTracker } from './offset-tracker';

/** `topic:partition`, the key of per-partition state. */
export type PartitionId = string;

export function partitionId(topic: string, partition: number): PartitionId {
  return `${topic}:${partition}`;
}

export function splitPartitionId(id: PartitionId): { topic: string; partition: number } {
  const separator = id.lastIndexOf(':');
  return { topic: id.slice(0, separator), partition: Number(id.slice(separator + 1)) };
}

/**
 * What a consumer knows about one assigned partition. It outlives a rebalance or a consumer
 * restart that keeps the partition here, so work already taken in is neither lost nor done
 * twice: the tracker skips records fetched again from the committed offset.
 */
export class PartitionState {
  readonly tracker = new OffsetTracker();
  /** Records taken in and not finished yet (concurrent mode). */
  buffered = 0;
  /** Paused because `buffered` reached the per-partition limit. */
  full = false;
  /** Paused until the head record is due (epoch ms). */
  waitingUntil: number | undefined;
  dueTimer: NodeJS.Timeout | undefined;
  /** Set once the partition is no longer ours: queued work is dropped, nothing is committed. */
  revoked = false;
  /** The offset of a commit under way, so a reconciliation does not mistake it for another owner's. */
  committing: string | undefined;
  /** Resolves when the state is known to be current (see StreamConsumer's reconciliation). */
  ready: Promise<void> = Promise.resolve();
  /** `ready` is still waiting for the group's committed offsets. */
  reconciling = false;

  get paused(): boolean {
    return this.full || this.waitingUntil !== undefined;
  }

  /** Stops timers and marks the state dead. */
  revoke(): void {
    this.revoked = true;
    clearTimeout(this.dueTimer);
    this.dueTimer = undefined;
    this.waitingUntil = undefined;
    this.full = false;
  }

  /**
   * True when the group's committed offset is beyond where this state started and anything it
   * committed or is committing: another member processed the partition meanwhile, so what
   * this state remembers is stale and would commit the group backwards.
   */
  isOvertakenBy(groupCommitted: bigint): boolean {
    if (groupCommitted < 0n) return false;
    const own = [this.tracker.first, this.tracker.committed, this.committing]
      .filter((offset): offset is string => offset !== undefined)
      .map((offset) => BigInt(offset));
    const highestOwn = own.length > 0 ? own.reduce((a, b) => (a > b ? a : b)) : -1n;
    return groupCommitted > highestOwn;
  }
}
