'use strict';
var __decorate =
  (this && this.__decorate) ||
  function (decorators, target, key, desc) {
    var c = arguments.length,
      r =
        c < 3
          ? target
          : desc === null
            ? (desc = Object.getOwnPropertyDescriptor(target, key))
            : desc,
      d;
    if (typeof Reflect === 'object' && typeof Reflect.decorate === 'function')
      r = Reflect.decorate(decorators, target, key, desc);
    else
      for (var i = decorators.length - 1; i >= 0; i--)
        if ((d = decorators[i]))
          r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return (c > 3 && r && Object.defineProperty(target, key, r), r);
  };
Object.defineProperty(exports, '__esModule', { value: true });
exports.ReadinessRegistry = exports.READINESS_CHECK_TIMEOUT_MS = void 0;
const common_1 = require('@nestjs/common');
exports.READINESS_CHECK_TIMEOUT_MS = 2_000;
let ReadinessRegistry = class ReadinessRegistry {
  checks = new Map();
  shuttingDown = false;
  register(name, check) {
    this.checks.set(name, check);
  }
  markShuttingDown() {
    this.shuttingDown = true;
  }
  get isShuttingDown() {
    return this.shuttingDown;
  }
  onModuleDestroy() {
    this.markShuttingDown();
  }
  async report() {
    const entries = await Promise.all(
      [...this.checks].map(async ([name, check]) => [name, await runCheck(check)]),
    );
    const checks = Object.fromEntries(entries);
    return { ready: !this.shuttingDown && entries.every(([, ok]) => ok), checks };
  }
};
exports.ReadinessRegistry = ReadinessRegistry;
exports.ReadinessRegistry = ReadinessRegistry = __decorate(
  [(0, common_1.Injectable)()],
  ReadinessRegistry,
);
async function runCheck(check) {
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(() => resolve(false), exports.READINESS_CHECK_TIMEOUT_MS);
    timer.unref();
  });
  try {
    const result = await Promise.race([Promise.resolve().then(check), timeout]);
    return result === true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
//# sourceMappingURL=readiness-registry.service.js.map
