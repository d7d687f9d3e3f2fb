'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.ZodValidationPipe = void 0;
exports.ZodBody = ZodBody;
exports.ZodQuery = ZodQuery;
exports.ZodParam = ZodParam;
const common_1 = require('@nestjs/common');
const api_error_1 = require('./api-error');
class ZodValidationPipe {
  schema;
  constructor(schema) {
    this.schema = schema;
  }
  async transform(value, metadata) {
    const result = await this.schema.safeParseAsync(value);
    if (result.success) return result.data;
    throw api_error_1.ApiError.fromZodError(result.error, metadata.data ? [metadata.data] : []);
  }
}
exports.ZodValidationPipe = ZodValidationPipe;
function ZodBody(schema) {
  return (0, common_1.Body)(new ZodValidationPipe(schema));
}
function ZodQuery(nameOrSchema, schema) {
  return typeof nameOrSchema === 'string'
    ? (0, common_1.Query)(nameOrSchema, new ZodValidationPipe(required(schema)))
    : (0, common_1.Query)(new ZodValidationPipe(nameOrSchema));
}
function ZodParam(nameOrSchema, schema) {
  return typeof nameOrSchema === 'string'
    ? (0, common_1.Param)(nameOrSchema, new ZodValidationPipe(required(schema)))
    : (0, common_1.Param)(new ZodValidationPipe(nameOrSchema));
}
function required(schema) {
  if (!schema) throw new Error('a zod schema is required');
  return schema;
}
//# sourceMappingURL=zod-validation.pipe.js.map
