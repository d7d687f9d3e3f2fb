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
var AllExceptionsFilter_1;
Object.defineProperty(exports, '__esModule', { value: true });
exports.AllExceptionsFilter = void 0;
const common_1 = require('@nestjs/common');
const core_1 = require('@nestjs/core');
const rxjs_1 = require('rxjs');
const error_mapping_1 = require('./error-mapping');
let AllExceptionsFilter = (AllExceptionsFilter_1 = class AllExceptionsFilter {
  adapterHost;
  logger = new common_1.Logger(AllExceptionsFilter_1.name);
  constructor(adapterHost) {
    this.adapterHost = adapterHost;
  }
  catch(exception, host) {
    if (host.getType() !== 'http') return (0, rxjs_1.throwError)(() => exception);
    const http = host.switchToHttp();
    const request = http.getRequest();
    const response = http.getResponse();
    const { error, unexpected } = (0, error_mapping_1.mapException)(exception);
    if (unexpected) {
      const method = request?.method ?? '?';
      const url = request?.originalUrl ?? request?.url ?? '?';
      const detail = exception instanceof Error ? exception.stack : String(exception);
      this.logger.error(`${method} ${url} failed with ${error.status}`, detail);
    }
    const adapter = this.adapterHost?.httpAdapter;
    if (adapter) {
      if (adapter.isHeadersSent(response)) adapter.end(response);
      else adapter.reply(response, error.toBody(), error.status);
      return;
    }
    if (response.headersSent) response.end();
    else response.status(error.status).json(error.toBody());
  }
});
exports.AllExceptionsFilter = AllExceptionsFilter;
exports.AllExceptionsFilter =
  AllExceptionsFilter =
  AllExceptionsFilter_1 =
    __decorate(
      [
        (0, common_1.Catch)(),
        __param(0, (0, common_1.Optional)()),
        __metadata('design:paramtypes', [core_1.HttpAdapterHost]),
      ],
      AllExceptionsFilter,
    );
//# sourceMappingURL=all-exceptions.filter.js.map
