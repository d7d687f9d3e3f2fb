'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.toConsumedRecord = toConsumedRecord;
function toConsumedRecord(topic, partition, message) {
  const headers = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) headers[name] = first.toString();
  }
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key ? message.key.toString() : null,
    value: message.value,
    headers,
    timestamp: Number(message.timestamp),
  };
}
//# sourceMappingURL=consumed-record.js.map
