// @ts-check
// Shared helpers of scripts/validate-deploy: paths, file reading, the apps' own config schemas,
// and the runner of the checks.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

/**
 * A parsed YAML or JSON document of a shape nobody declared: what the checks look at. Every
 * access is guarded (optional chaining) because the shape is exactly what is being checked.
 * @typedef {any} Document
 */

/**
 * @callback Fail   reports one problem of a check
 * @param {string} problem
 * @returns {void}
 *
 * @callback Skip   marks a check as skipped (a tool it needs is missing)
 * @param {string} reason
 * @returns {void}
 *
 * @callback CheckRun
 * @param {Fail} fail
 * @param {Skip} skip
 * @returns {unknown}
 *
 * @callback Check  registers a check
 * @param {string} name
 * @param {CheckRun} run
 * @returns {void}
 */

/** @typedef {'subscriptions' | 'fanout' | 'delivery'} AppName */

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** @type {AppName[]} */
export const APPS = ['subscriptions', 'fanout', 'delivery'];
/**
 * Each app's HTTP port (its default, DESIGN.md "Configuration").
 * @type {Record<string, number>}
 */
export const APP_PORTS = { subscriptions: 3000, fanout: 3001, delivery: 3002 };

/**
 * A path inside the repository (an absolute path stays as it is).
 * @param {...string} parts
 */
export const repoPath = (...parts) => path.resolve(REPO_ROOT, ...parts);
/** @param {string} file */
export const readText = (file) => fs.readFileSync(repoPath(file), 'utf8');
/**
 * @param {string} file
 * @returns {Document}
 */
export const readYaml = (file) => YAML.parse(readText(file), { merge: true });
/**
 * @param {string} file
 * @returns {Document}
 */
export const readJson = (file) => JSON.parse(readText(file));

/**
 * The compiled entry of an app, as the image runs it (`npm run build` output).
 * @param {string} app
 */
export const appMain = (app) => `dist/apps/${app}/apps/${app}/src/main.js`;

const require = createRequire(import.meta.url);

/**
 * Validates an environment with an app's own zod schema from the build output (dist/), the way
 * the app does at start. Returns the problems (each names its variable); none means it would start.
 * @param {string} app
 * @param {Record<string, string | undefined>} env
 * @returns {string[]}
 */
export function appConfigProblems(app, env) {
  const configModule = repoPath(`dist/apps/${app}/apps/${app}/src/${app}.config.js`);
  const loadModule = repoPath(`dist/apps/${app}/libs/config/src/index.js`);
  if (!fs.existsSync(configModule) || !fs.existsSync(loadModule)) {
    throw new Error(
      `${path.relative(REPO_ROOT, configModule)} is missing: run npm run build first`,
    );
  }
  /** @type {Document} */
  const schema = require(configModule)[`${app}EnvSchema`];
  /** @type {{ loadConfig: (schema: Document, env: object) => unknown, ConfigError: new () => Error & { problems: string[] } }} */
  const { loadConfig, ConfigError } = require(loadModule);
  try {
    loadConfig(schema, env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

/**
 * Environment variables the image sets (ENV lines of the Dockerfile's last stage).
 * @returns {Record<string, string>}
 */
export function imageEnv() {
  const { stages } = parseDockerfile(readText('Dockerfile'));
  /** @type {Record<string, string>} */
  const env = {};
  for (const instruction of stages[stages.length - 1]?.instructions ?? []) {
    if (instruction.keyword !== 'ENV') continue;
    for (const [, name = '', value = ''] of instruction.args.matchAll(/(\w+)=("[^"]*"|\S+)/g)) {
      env[name] = value.replace(/^"|"$/g, '');
    }
  }
  return env;
}

/**
 * @typedef {{ keyword: string, args: string }} DockerInstruction
 * @typedef {{ image: string, name: string | undefined, instructions: DockerInstruction[] }} DockerStage
 */

/**
 * Dockerfile → stages of { keyword, args } (continuations joined, comments dropped).
 * @param {string} text
 * @returns {{ globalArgs: Record<string, string | undefined>, stages: DockerStage[] }}
 */
export function parseDockerfile(text) {
  /** @type {string[]} */
  const lines = [];
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (current === '' && (line === '' || line.startsWith('#'))) continue;
    if (line.startsWith('#')) continue; // a comment inside a continued instruction
    if (line.endsWith('\\')) {
      current += `${line.slice(0, -1).trimEnd()} `;
      continue;
    }
    lines.push(current + line);
    current = '';
  }
  /** @type {Record<string, string | undefined>} */
  const globalArgs = {};
  /** @type {DockerStage[]} */
  const stages = [];
  for (const line of lines) {
    const [, keyword = '', args = ''] = /^(\w+)\s*(.*)$/.exec(line) ?? [];
    const upper = keyword.toUpperCase();
    if (upper === 'FROM') {
      const [, image = '', name] = /^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?/i.exec(args) ?? [];
      const resolved = image.replace(
        /\$\{?(\w+)\}?/g,
        (/** @type {string} */ _, /** @type {string} */ arg) => globalArgs[arg] ?? '',
      );
      stages.push({ image: resolved, name, instructions: [] });
    } else if (stages.length === 0) {
      if (upper === 'ARG') {
        const [name = '', value] = args.split('=');
        globalArgs[name] = value;
      }
    } else {
      stages[stages.length - 1]?.instructions.push({ keyword: upper, args });
    }
  }
  return { globalArgs, stages };
}

/**
 * A `.dockerignore` as Docker reads it: the last matching pattern (on a path or a parent) wins.
 * @param {string} text
 * @returns {(file: string) => boolean} whether the file is excluded
 */
export function dockerIgnoreMatcher(text) {
  const patterns = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const negate = line.startsWith('!');
      const pattern = path.posix.normalize((negate ? line.slice(1) : line).replace(/^\/+/, ''));
      let source = '';
      for (let i = 0; i < pattern.length; i++) {
        const char = pattern[i];
        if (char === '*' && pattern[i + 1] === '*') {
          source += '.*';
          i++;
          if (pattern[i + 1] === '/') i++;
        } else if (char === '*') source += '[^/]*';
        else if (char === '?') source += '[^/]';
        else source += (char ?? '').replace(/[.+^${}()|[\]\\]/g, '\\$&');
      }
      return { negate, regex: new RegExp(`^${source}$`) };
    });
  return (file) => {
    const parts = path.posix.normalize(file).split('/');
    const candidates = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
    let excluded = false;
    for (const { negate, regex } of patterns) {
      if (candidates.some((candidate) => regex.test(candidate))) excluded = !negate;
    }
    return excluded;
  };
}

/**
 * Compose-style `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `$$` in every string of a value.
 * @param {Document} value
 * @param {Record<string, string | undefined>} env
 * @returns {Document}
 */
export function interpolate(value, env) {
  if (typeof value === 'string') {
    return value.replace(
      /\$\$|\$\{(\w+)(?:(:?)([-?])([^}]*))?\}|\$(\w+)/g,
      (
        /** @type {string} */ match,
        /** @type {string | undefined} */ name,
        /** @type {string | undefined} */ colon,
        /** @type {string | undefined} */ operator,
        /** @type {string | undefined} */ fallback,
        /** @type {string | undefined} */ bare,
      ) => {
        if (match === '$$') return '$';
        const variable = name ?? bare ?? '';
        const current = env[variable];
        const set = current !== undefined && (colon !== ':' || current !== '');
        if (set) return current;
        if (operator === '-') return fallback ?? '';
        if (operator === '?') throw new Error(`\${${variable}} is required: ${fallback}`);
        return '';
      },
    );
  }
  if (Array.isArray(value))
    return value.map((item) => /** @type {Document} */ (interpolate(item, env)));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        /** @type {Document} */ (interpolate(item, env)),
      ]),
    );
  }
  return value;
}

/**
 * @typedef {{ name: string, problems: string[], skipped: string | undefined }} CheckResult
 */

/**
 * Runs the checks that `register` registers, one after the other.
 * @param {(check: Check) => void} register
 * @returns {Promise<CheckResult[]>}
 */
export async function runChecks(register) {
  /** @type {{ name: string, run: CheckRun }[]} */
  const checks = [];
  register((name, run) => checks.push({ name, run }));
  /** @type {CheckResult[]} */
  const results = [];
  for (const { name, run } of checks) {
    /** @type {string[]} */
    const problems = [];
    /** @type {string | undefined} */
    let skipped;
    try {
      await run(
        (problem) => problems.push(problem),
        (reason) => {
          skipped = reason;
        },
      );
    } catch (error) {
      problems.push(
        `threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    }
    results.push({ name, problems, skipped });
  }
  return results;
}
