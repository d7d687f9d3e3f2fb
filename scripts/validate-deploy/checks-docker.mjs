// @ts-check
// The Dockerfile, .dockerignore and the image's entrypoint, checked without a Docker engine.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import {
  APPS,
  appMain,
  dockerIgnoreMatcher,
  imageEnv,
  parseDockerfile,
  readText,
  REPO_ROOT,
  repoPath,
} from './support.mjs';

const NODE_LTS_SLIM = /^node:(22|24)(\.\d+){0,2}-(bookworm-|trixie-)?slim$/;

/** @param {import('./support.mjs').Check} check */
export function dockerChecks(check) {
  const { stages } = parseDockerfile(readText('Dockerfile'));
  const final = stages[stages.length - 1] ?? { image: '', name: undefined, instructions: [] };
  const runs = (/** @type {import('./support.mjs').DockerStage} */ stage) =>
    stage.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args);
  const stageRunning = (/** @type {RegExp} */ pattern) =>
    stages.find((stage) => runs(stage).some((r) => pattern.test(r)));

  check('Dockerfile: multi-stage build on a Node LTS slim image', (fail) => {
    if (stages.length < 2) fail(`${stages.length} stage(s); expected a multi-stage build`);
    for (const stage of stages) {
      if (!NODE_LTS_SLIM.test(stage.image))
        fail(`stage ${stage.name}: ${stage.image} is not node:22/24 slim`);
    }
    const build = stageRunning(/\bnpm ci\b(?!.*--omit=dev)/);
    if (!build) fail('no stage runs a full `npm ci`');
    else if (!runs(build).some((r) => /\bnpm run build\b/.test(r))) {
      fail(`stage ${build.name} installs everything but does not run \`npm run build\``);
    }
    const production = stageRunning(/\bnpm ci\b.*--omit=dev/);
    if (!production) fail('no stage runs `npm ci --omit=dev`');
    const copies = final.instructions.filter((i) => i.keyword === 'COPY').map((i) => i.args);
    if (runs(final).some((r) => /\bnpm (ci|install)\b/.test(r) && !/--omit=dev/.test(r))) {
      fail('the final stage installs development dependencies');
    }
    if (production && production !== final) {
      if (
        !copies.some((c) => c.includes(`--from=${production.name}`) && c.includes('node_modules'))
      ) {
        fail(`the final stage does not take node_modules from ${production.name}`);
      }
    }
    if (build && !copies.some((c) => c.includes(`--from=${build.name}`) && /\bdist\b/.test(c))) {
      fail(`the final stage does not take dist/ from ${build.name}`);
    }
  });

  check('Dockerfile: runs as a numeric non-root user with an exec-form entrypoint', (fail) => {
    const user = final.instructions.filter((i) => i.keyword === 'USER').pop();
    if (!user) fail('no USER in the final stage: the image would run as root');
    else if (!/^[1-9]\d*(:\d+)?$/.test(user.args)) {
      fail(`USER ${user.args}: use a numeric non-zero uid so runAsNonRoot can verify it`);
    }
    const entrypoint = final.instructions.filter((i) => i.keyword === 'ENTRYPOINT').pop();
    if (!entrypoint || !entrypoint.args.startsWith('[')) {
      fail('ENTRYPOINT must be exec form (JSON), so the app gets SIGTERM');
    }
    if (imageEnv().NODE_ENV !== 'production')
      fail('the final stage does not set NODE_ENV=production');
  });

  check('Dockerfile: every COPY source exists and .dockerignore lets it in', (fail) => {
    const ignored = dockerIgnoreMatcher(readText('.dockerignore'));
    for (const stage of stages) {
      for (const { keyword, args } of stage.instructions) {
        if ((keyword !== 'COPY' && keyword !== 'ADD') || args.includes('--from=')) continue;
        const words = args.split(/\s+/).filter((word) => !word.startsWith('--'));
        for (const source of words.slice(0, -1)) {
          if (!fs.existsSync(repoPath(source))) {
            fail(`COPY ${source}: not in the repository`);
            continue;
          }
          const files = fs.statSync(repoPath(source)).isDirectory()
            ? execFileSync(
                'git',
                ['ls-files', '--cached', '--others', '--exclude-standard', source],
                {
                  cwd: REPO_ROOT,
                  encoding: 'utf8',
                },
              )
                .split('\n')
                .filter(Boolean)
            : [source];
          // What the build needs from a folder: sources and tsconfigs (specs may stay out).
          const needed = files.filter((file) => !/\.spec\.ts$/.test(file));
          const excluded = needed.filter(ignored);
          if (needed.length === 0) fail(`COPY ${source}: no files`);
          if (excluded.length > 0) {
            fail(`COPY ${source}: .dockerignore excludes ${excluded.slice(0, 3).join(', ')}`);
          }
        }
      }
    }
    for (const kept of ['.git/HEAD', 'node_modules/.package-lock.json', 'dist/apps', '.env']) {
      if (!ignored(kept)) fail(`.dockerignore lets ${kept} into the build context`);
    }
  });

  check('entrypoint: starts each built app by name and refuses unknown names', (fail) => {
    const entrypoint = 'deploy/docker/entrypoint.sh';
    if ((fs.statSync(repoPath(entrypoint)).mode & 0o111) === 0)
      fail(`${entrypoint} is not executable`);
    const run = (/** @type {string[]} */ args, /** @type {Record<string, string>} */ env = {}) =>
      spawnSync('sh', [entrypoint, ...args], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        timeout: 30_000,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env, HOOKSTREAM_HOME: REPO_ROOT },
      });
    if (run(['help']).status !== 0) fail('`hookstream help` does not exit 0');
    const unknown = run(['nonsense']);
    if (unknown.status !== 64 || !/unknown app/.test(unknown.stderr)) {
      fail(`\`hookstream nonsense\` exited ${unknown.status}: ${unknown.stderr.trim()}`);
    }
    for (const app of APPS) {
      if (!fs.existsSync(repoPath(appMain(app)))) {
        fail(`${appMain(app)} is missing (run npm run build first)`);
        continue;
      }
      // A broken KAFKA_BROKERS makes the app exit at once, naming the variable: proof that the
      // entrypoint found and started the compiled app, without needing Kafka.
      const result = run([app], { ...imageEnv(), KAFKA_BROKERS: 'not a broker list' });
      if (result.status !== 1 || !result.stderr.includes('KAFKA_BROKERS')) {
        fail(
          `\`hookstream ${app}\` did not start the app (exit ${result.status}): ${result.stderr.trim().slice(0, 300)}`,
        );
      }
    }
  });
}
