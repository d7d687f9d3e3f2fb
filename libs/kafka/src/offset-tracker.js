'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.OffsetTracker = void 0;
class OffsetTracker {
  unfinished = new Set();
  highestStarted;
  lastCommitted;
  begin(offset) {
    const value = BigInt(offset);
    this.unfinished.add(value);
    if (this.highestStarted === undefined || value > this.highestStarted)
      this.highestStarted = value;
  }
  finish(offset) {
    this.unfinished.delete(BigInt(offset));
  }
  get inFlight() {
    return this.unfinished.size;
  }
  committable() {
    if (this.highestStarted === undefined) return undefined;
    let next = this.highestStarted + 1n;
    for (const offset of this.unfinished) if (offset < next) next = offset;
    if (this.lastCommitted !== undefined && next <= this.lastCommitted) return undefined;
    return next.toString();
  }
  markCommitted(offset) {
    const value = BigInt(offset);
    if (this.lastCommitted === undefined || value > this.lastCommitted) this.lastCommitted = value;
  }
}
exports.OffsetTracker = OffsetTracker;
//# sourceMappingURL=offset-tracker.js.map
