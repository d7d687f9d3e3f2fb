'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.HOOKSTREAM_VERSION = void 0;
exports.HOOKSTREAM_VERSION = '0.1.0';
//# sourceMappingURL=version.js.map
