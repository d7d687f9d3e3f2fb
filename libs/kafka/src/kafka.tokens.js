'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.KAFKA_CLIENT = void 0;
exports.KAFKA_CLIENT = Symbol('KAFKA_CLIENT');
//# sourceMappingURL=kafka.tokens.js.map
