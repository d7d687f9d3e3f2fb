// @ts-check

/**
 * JSON.parse typed as unknown, so every caller says what it expects instead of getting `any`.
 * @param {string} text
 * @returns {unknown}
 */
export function parseJson(text) {
  return JSON.parse(text);
}
