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
var __metadata =
  (this && this.__metadata) ||
  function (k, v) {
    if (typeof Reflect === 'object' && typeof Reflect.metadata === 'function')
      return Reflect.metadata(k, v);
  };
var __param =
  (this && this.__param) ||
  function (paramIndex, decorator) {
    return function (target, key) {
      decorator(target, key, paramIndex);
    };
  };
Object.defineProperty(exports, '__esModule', { value: true });
exports.HealthController = void 0;
const common_1 = require('@nestjs/common');
const readiness_registry_service_1 = require('./readiness-registry.service');
let HealthController = class HealthController {
  readiness;
  constructor(readiness) {
    this.readiness = readiness;
  }
  live() {
    return { status: 'ok' };
  }
  async ready(response) {
    const { ready, checks } = await this.readiness.report();
    response.status(ready ? common_1.HttpStatus.OK : common_1.HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ready ? 'ready' : 'not_ready', checks };
  }
};
exports.HealthController = HealthController;
__decorate(
  [
    (0, common_1.Get)('live'),
    __metadata('design:type', Function),
    __metadata('design:paramtypes', []),
    __metadata('design:returntype', Object),
  ],
  HealthController.prototype,
  'live',
  null,
);
__decorate(
  [
    (0, common_1.Get)('ready'),
    __param(0, (0, common_1.Res)({ passthrough: true })),
    __metadata('design:type', Function),
    __metadata('design:paramtypes', [Object]),
    __metadata('design:returntype', Promise),
  ],
  HealthController.prototype,
  'ready',
  null,
);
exports.HealthController = HealthController = __decorate(
  [
    (0, common_1.Controller)('health'),
    __metadata('design:paramtypes', [readiness_registry_service_1.ReadinessRegistry]),
  ],
  HealthController,
);
//# sourceMappingURL=health.controller.js.map
