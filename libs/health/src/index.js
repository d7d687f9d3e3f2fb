'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.HealthModule =
  exports.HealthController =
  exports.ReadinessRegistry =
  exports.READINESS_CHECK_TIMEOUT_MS =
    void 0;
var readiness_registry_service_1 = require('./readiness-registry.service');
Object.defineProperty(exports, 'READINESS_CHECK_TIMEOUT_MS', {
  enumerable: true,
  get: function () {
    return readiness_registry_service_1.READINESS_CHECK_TIMEOUT_MS;
  },
});
Object.defineProperty(exports, 'ReadinessRegistry', {
  enumerable: true,
  get: function () {
    return readiness_registry_service_1.ReadinessRegistry;
  },
});
var health_controller_1 = require('./health.controller');
Object.defineProperty(exports, 'HealthController', {
  enumerable: true,
  get: function () {
    return health_controller_1.HealthController;
  },
});
var health_module_1 = require('./health.module');
Object.defineProperty(exports, 'HealthModule', {
  enumerable: true,
  get: function () {
    return health_module_1.HealthModule;
  },
});
//# sourceMappingURL=index.js.map
