// Shared helpers of scripts/validate-deploy: paths, file reading, the apps' own config schemas.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const APPS = ['subscriptions', 'fanout', 'delivery'];
/** Each app's HTTP port (its default, DESIGN.md "Configuration"). */
export const APP_PORTS = { subscriptions: 3000, fanout: 3001, delivery: 3002 };

export const repoPath = (...parts) => path.join(REPO_ROOT, ...parts);
export const readText = (file) => fs.readFileSync(repoPath(file), 'utf8');
export const readYaml = (file) => YAML.parse(readText(file), { merge: true });
export const readJson = (file) => JSON.parse(readText(file));

/** The compiled entry of an app, as the image runs it (`npm run build` output). */
export const appMain = (app) => `dist/apps/${app}/apps/${app}/src/main.js`;

const require = createRequire(import.meta.url);

/**
 * Validates an environment with an app's own zod schema from the build output (dist/), the way
 * the app does at start. Returns the problems (each names its variable); none means it would start.
 */
export function appConfigProblems(app, env) {
  const configModule = repoPath(`dist/apps/${app}/apps/${app}/src/${app}.config.js`);
  const loadModule = repoPath(`dist/apps/${app}/libs/config/src/index.js`);
  if (!fs.existsSync(configModule) || !fs.existsSync(loadModule)) {
    throw new Error(
      `${path.relative(REPO_ROOT, configModule)} is missing: run npm run build first`,
    );
  }
  const schema = require(configModule)[`${app}EnvSchema`];
  const { loadConfig, ConfigError } = require(loadModule);
  try {
    loadConfig(schema, env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

/** Environment variables the image sets (ENV lines of the Dockerfile's last stage). */
export function imageEnv() {
  const { stages } = parseDockerfile(readText('Dockerfile'));
  const env = {};
  for (const instruction of stages[stages.length - 1].instructions) {
    if (instruction.keyword !== 'ENV') continue;
    for (const match of instruction.args.matchAll(/(\w+)=("[^"]*"|\S+)/g)) {
      env[match[1]] = match[2].replace(/^"|"$/g, '');
    }
  }
  return env;
}

/** Dockerfile → stages of { keyword, args } (continuations joined, comments dropped). */
export function parseDockerfile(text) {
  const lines = [];
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (current === '' && (line === '' || line.startsWith('#'))) continue;
    if (line.startsWith('#')) continue; // a comment inside a continued instruction
    if (line.endsWith('\\')) {
      current += `${line.slice(0, -1)} `;
      continue;
    }
    lines.push(current + line);
    current = '';
  }
  const globalArgs = {};
  const stages = [];
  for (const line of lines) {
    const [, keyword, args] = /^(\w+)\s*(.*)$/.exec(line);
    const upper = keyword.toUpperCase();
    if (upper === 'FROM') {
      const [, image, name] = /^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?/i.exec(args);
      const resolved = image.replace(/\$\{?(\w+)\}?/g, (_, arg) => globalArgs[arg] ?? '');
      stages.push({ image: resolved, name, instructions: [] });
    } else if (stages.length === 0) {
      if (upper === 'ARG') {
        const [name, value] = args.split('=');
        globalArgs[name] = value;
      }
    } else {
      stages[stages.length - 1].instructions.push({ keyword: upper, args });
    }
  }
  return { globalArgs, stages };
}

/** A `.dockerignore` as Docker reads it: the last matching pattern (on a path or a parent) wins. */
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
        else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
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

/** Compose-style `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `$$` in every string of a value. */
export function interpolate(value, env) {
  if (typeof value === 'string') {
    return value.replace(
      /\$\$|\$\{(\w+)(?:(:?)([-?])([^}]*))?\}|\$(\w+)/g,
      (match, name, colon, operator, fallback, bare) => {
        if (match === '$$') return '$';
        const variable = name ?? bare;
        const set = env[variable] !== undefined && (colon !== ':' || env[variable] !== '');
        if (set) return env[variable];
        if (operator === '-') return fallback;
        if (operator === '?') throw new Error(`\${${variable}} is required: ${fallback}`);
        return '';
      },
    );
  }
  if (Array.isArray(value)) return value.map((item) => interpolate(item, env));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, interpolate(item, env)]),
    );
  }
  return value;
}
