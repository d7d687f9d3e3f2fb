'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.KeyedScheduler = void 0;
class KeyedScheduler {
  maxInFlight;
  maxInFlightPerKey;
  running = 0;
  runningByKey = new Map();
  queues = new Map();
  readyKeys = [];
  idleWaiters = [];
  constructor(maxInFlight, maxInFlightPerKey) {
    this.maxInFlight = maxInFlight;
    this.maxInFlightPerKey = maxInFlightPerKey;
  }
  submit(key, task) {
    const queue = this.queues.get(key);
    if (queue) {
      queue.push(task);
    } else {
      this.queues.set(key, [task]);
      this.readyKeys.push(key);
    }
    this.pump();
  }
  get active() {
    return this.running;
  }
  get queued() {
    let total = 0;
    for (const queue of this.queues.values()) total += queue.length;
    return total;
  }
  async idle() {
    if (this.running === 0 && this.queues.size === 0) return;
    await new Promise((resolve) => this.idleWaiters.push(resolve));
  }
  pump() {
    let scanned = 0;
    while (this.running < this.maxInFlight && scanned < this.readyKeys.length) {
      const key = this.readyKeys.shift();
      if ((this.runningByKey.get(key) ?? 0) >= this.maxInFlightPerKey) {
        this.readyKeys.push(key);
        scanned += 1;
        continue;
      }
      scanned = 0;
      const queue = this.queues.get(key);
      const task = queue.shift();
      if (queue.length > 0) this.readyKeys.push(key);
      else this.queues.delete(key);
      this.start(key, task);
    }
  }
  start(key, task) {
    this.running += 1;
    this.runningByKey.set(key, (this.runningByKey.get(key) ?? 0) + 1);
    void task()
      .catch(() => undefined)
      .finally(() => {
        this.running -= 1;
        const left = this.runningByKey.get(key) - 1;
        if (left === 0) this.runningByKey.delete(key);
        else this.runningByKey.set(key, left);
        this.pump();
        if (this.running === 0 && this.queues.size === 0) {
          const waiters = this.idleWaiters;
          this.idleWaiters = [];
          waiters.forEach((resolve) => resolve());
        }
      });
  }
}
exports.KeyedScheduler = KeyedScheduler;
//# sourceMappingURL=keyed-scheduler.js.map
