'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.configureHttpApp = configureHttpApp;
const core_1 = require('@nestjs/core');
const all_exceptions_filter_1 = require('./all-exceptions.filter');
const error_mapping_1 = require('./error-mapping');
function configureHttpApp(app, { bodyLimit }) {
  app.disable('x-powered-by');
  app.useBodyParser('json', { limit: bodyLimit, strict: true });
  app.use((error, _request, _response, next) => {
    next((0, error_mapping_1.fromBodyParserError)(error) ?? error);
  });
  app.useGlobalFilters(
    new all_exceptions_filter_1.AllExceptionsFilter(app.get(core_1.HttpAdapterHost)),
  );
  app.enableShutdownHooks();
  return app;
}
//# sourceMappingURL=configure-http-app.js.map
