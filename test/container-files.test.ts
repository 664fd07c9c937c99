// The container image and compose file, checked without a container daemon: the Dockerfile's rules and the
// compose file's shape, then the image's own steps (its COPYs and RUNs) replayed in temp dirs and the result
// served as an unprivileged user with only the image's environment (docs/operations.md, Container).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { type Copy, DockerfileParser, type Env, type Instruction } from 'dockerfile-ast';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { freePort } from './helpers/spawned-cli.ts';

const REPO = resolve(import.meta.dirname, '..');
const NOBODY = 65534;

type Stage = { name: string; image: string; instructions: Instruction[] };

/** The Dockerfile's stages in order, each with the instructions after its FROM. */
function readStages(): Stage[] {
  const file = DockerfileParser.parse(readFileSync(join(REPO, 'Dockerfile'), 'utf8'));
  const stages: Stage[] = [];
  for (const instruction of file.getInstructions()) {
    const args = instruction.getArguments().map((arg) => arg.getValue());
    if (instruction.getKeyword() === 'FROM') {
      stages.push({ name: args[2] ?? String(stages.length), image: args[0] ?? '', instructions: [] });
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

const keyword = (stage: Stage, word: string) => stage.instructions.filter((i) => i.getKeyword() === word);
const argsOf = (instruction: Instruction) => instruction.getArguments().map((arg) => arg.getValue());
const runLine = (instruction: Instruction) => argsOf(instruction).join(' ');

/** The exec-form JSON array after CMD (in CMD itself or in HEALTHCHECK ... CMD). */
const execForm = (instruction: Instruction): string[] =>
  JSON.parse((instruction.getArgumentsContent() ?? '').replace(/^CMD\s+/, ''));

/** The ENV pairs a stage sets. */
const envOf = (stage: Stage): Record<string, string> =>
  Object.fromEntries(
    keyword(stage, 'ENV').flatMap((i) =>
      (i as Env).getProperties().map((p) => [p.getName(), p.getValue() ?? '']),
    ),
  );

describe('the Dockerfile', () => {
  const stages = readStages();
  const runtime = stages.at(-1) as Stage;

  it('builds in one stage and ships a separate, Debian-slim Node 20 runtime stage', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage.image).toMatch(/^node:20-bookworm-slim$/);
    const build = stages.find((s) => keyword(s, 'RUN').some((r) => runLine(r) === 'npm run build'));
    expect(build, 'a stage runs npm run build').toBeDefined();
    expect(keyword(build as Stage, 'RUN').map(runLine)[0]).toMatch(/^npm ci\b/);
    expect(build).not.toBe(runtime);
    const copiedFrom = keyword(runtime, 'COPY').map((c) => (c as Copy).getFromFlag()?.getValue());
    expect(copiedFrom).toContain(build?.name);
    const runtimeRuns = keyword(runtime, 'RUN').map(runLine).join('\n');
    expect(runtimeRuns).not.toMatch(/npm (ci|install)(?! --omit=dev)|npm run build/);
  });

  it('runs in production mode as a non-root user, with /data as its volume', () => {
    const env = envOf(runtime);
    expect(env.NODE_ENV).toBe('production');
    expect(env.DATA_DIR).toBe('/data');
    expect(keyword(runtime, 'VOLUME').flatMap(argsOf)).toContain('/data');
    const order = runtime.instructions.map((i) => i.getKeyword());
    const user = keyword(runtime, 'USER').map(argsOf).at(-1)?.[0] ?? 'root';
    expect(user).toMatch(/^(node|10001)$/);
    expect(order.lastIndexOf('USER')).toBeLessThan(order.lastIndexOf('CMD'));
    expect(keyword(runtime, 'RUN').map(runLine).join('\n')).toMatch(/chown (node|10001)(:\S+)? \/data/);
  });

  it('listens on 3978, is health-checked on /readyz with node, stops on SIGTERM and starts vpnbot serve', () => {
    expect(keyword(runtime, 'EXPOSE').flatMap(argsOf)).toEqual(['3978']);
    const health = keyword(runtime, 'HEALTHCHECK');
    expect(health).toHaveLength(1);
    const check = execForm(health[0] as Instruction);
    expect(check[0]).toBe('node');
    expect(check.join(' ')).toMatch(/\/readyz/);
    expect(keyword(runtime, 'STOPSIGNAL').flatMap(argsOf)).toEqual(['SIGTERM']);
    expect(execForm(keyword(runtime, 'CMD')[0] as Instruction)).toEqual(['node', 'bin/vpnbot.js', 'serve']);
  });

  it('ships no browser, test tools, compilers or sources in the runtime stage', () => {
    const runs = keyword(runtime, 'RUN').map(runLine).join('\n');
    expect(runs).not.toMatch(/chromium|playwright|apt-get|apk |vitest|stryker|gcc|g\+\+|python/i);
    const fromContext = keyword(runtime, 'COPY').filter((c) => !(c as Copy).getFromFlag());
    for (const path of fromContext.flatMap((c) => argsOf(c).slice(0, -1)))
      expect(path).not.toMatch(/^(src|test|bench|chaos|docs|node_modules)\b/);
  });
});

describe('compose.yaml', () => {
  const compose = parseYaml(readFileSync(join(REPO, 'compose.yaml'), 'utf8'), { merge: true });
  const schemaFile = join(dirname(createRequire(import.meta.url).resolve('dclint/package.json')), 'schemas');
  // Its $schema names draft-07 by an https address ajv does not know; ajv's default dialect is draft-07.
  const { $schema: _dialect, ...schema } = JSON.parse(
    readFileSync(join(schemaFile, 'compose.schema.json'), 'utf8'),
  );

  it('is valid against the Compose specification schema', () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect(validate(compose), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(validate({ services: { bot: { ports: 3978, depends_on: 'postgres' } } })).toBe(false);
  });

  it('runs two bots on 3978 and 3979 over one PostgreSQL 15 that must be healthy first', () => {
    const services = compose.services as Record<string, Record<string, unknown>>;
    const bots = Object.entries(services).filter(([, s]) => s.build !== undefined);
    expect(bots).toHaveLength(2);
    const [pgName, pg] = Object.entries(services).find(([, s]) => /^postgres:15/.test(String(s.image))) ?? [];
    expect(pg, 'a postgres:15 service').toBeDefined();
    expect(JSON.stringify(pg?.healthcheck)).toMatch(/pg_isready/);
    expect(JSON.stringify(pg?.volumes)).toMatch(/:\/var\/lib\/postgresql\/data/);
    const hostPorts = bots.flatMap(([, s]) => (s.ports as string[]).map((p) => p.split(':')[0])).sort();
    expect(hostPorts).toEqual(['3978', '3979']);
    for (const [, bot] of bots) {
      expect(bot.depends_on).toEqual({ [pgName as string]: { condition: 'service_healthy' } });
      expect((bot.environment as Record<string, string>).DATABASE_URL).toMatch(
        new RegExp(`^postgres://[^@]+@${pgName}:5432/`),
      );
      expect(bot.env_file).toEqual([{ path: '.env', required: false }]);
    }
  });
});

/** The environment of a build step: this process's, minus what vitest adds (a build stage sets no NODE_ENV). */
function buildEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env))
    if (/^(NODE_ENV|NODE_OPTIONS|VITEST.*|TEST)$/.test(name)) delete env[name];
  return env;
}

function sh(dir: string, line: string): void {
  const run = spawnSync('sh', ['-c', line], {
    cwd: dir,
    env: buildEnv(),
    encoding: 'utf8',
    timeout: 240_000,
  });
  if (run.status !== 0) throw new Error(`\`${line}\` failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
}

/**
 * How each RUN of the Dockerfile is replayed outside a container. The build stage's lines run as written. The
 * production install reuses the build's node_modules pruned to production (one `npm ci` in the test instead of
 * two), then runs the `prepare` step as `npm ci` would (it must skip quietly without TypeScript); better-sqlite3's
 * binary, which `npm ci --ignore-scripts` skipped and which the image downloads prebuilt (GitHub is out of reach
 * here, and compiling it takes minutes), is this checkout's, built for the same Node and platform. /data becomes a
 * temp folder owned by the unprivileged user. A RUN missing here fails the test, so a new step gets a replay.
 */
const REPLAYS: Record<
  string,
  (dir: string, ctx: { stageDir: (name: string) => string; data: string }) => void
> = {
  'npm ci --ignore-scripts': (dir) =>
    sh(dir, 'npm ci --ignore-scripts --prefer-offline --no-audit --no-fund'),
  'npm run build': (dir) => sh(dir, 'npm run build'),
  'npm ci --omit=dev && npm cache clean --force': (dir, ctx) => {
    renameSync(join(ctx.stageDir('build'), 'node_modules'), join(dir, 'node_modules'));
    sh(dir, 'npm prune --omit=dev --no-audit --no-fund && npm run prepare');
    const binary = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';
    mkdirSync(dirname(join(dir, binary)), { recursive: true });
    cpSync(join(REPO, binary), join(dir, binary));
  },
  'node bin/write-code-cache.js': (dir) => sh(dir, 'node bin/write-code-cache.js'),
  'mkdir -p /data && chown node:node /data': (_dir, ctx) => {
    mkdirSync(ctx.data, { recursive: true });
    chownSync(ctx.data, NOBODY, NOBODY);
  },
};

/** Replays every stage's WORKDIR, COPY and RUN into `root/<stage>`; returns the runtime stage's folder. */
function replay(stages: Stage[], root: string, data: string): string {
  const dirs = new Map<string, string>();
  const stageDir = (name: string) => dirs.get(name) ?? expect.fail(`no stage ${name}`);
  for (const stage of stages) {
    const dir = join(root, stage.name);
    mkdirSync(dir);
    dirs.set(stage.name, dir);
    for (const instruction of stage.instructions) {
      const args = argsOf(instruction);
      if (instruction.getKeyword() === 'WORKDIR') expect(args).toEqual(['/app']);
      if (instruction.getKeyword() === 'COPY') {
        const from = (instruction as Copy).getFromFlag()?.getValue();
        const dest = args.at(-1) as string;
        for (const source of args.slice(0, -1)) {
          const path = source.replace(/\/$/, '');
          const target = join(
            dir,
            dest.endsWith('/') && !source.endsWith('/') ? join(dest, basename(path)) : dest,
          );
          mkdirSync(dirname(target), { recursive: true });
          // A stage's output is used once, so it moves rather than copies (node_modules is hundreds of MB).
          if (from) renameSync(join(stageDir(from), path.replace(/^\/app\//, '')), target);
          else cpSync(join(REPO, path), target, { recursive: true });
        }
      }
      if (instruction.getKeyword() === 'RUN') {
        const replayStep = REPLAYS[runLine(instruction)];
        if (!replayStep) expect.fail(`no replay for RUN ${runLine(instruction)}: add one to REPLAYS`);
        replayStep(dir, { stageDir, data });
      }
    }
  }
  return stageDir((stages.at(-1) as Stage).name);
}

/** Runs `command` as nobody with exactly `env` (and PATH), as the image's USER would. */
const asNobody = ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups'];

describe('the image built and run without a daemon', () => {
  const stages = readStages();
  const runtime = stages.at(-1) as Stage;
  let root: string;
  let app: string;
  let data: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'vpnbot-image-'));
    chmodSync(root, 0o755);
    data = join(root, 'data');
    app = replay(stages, root, data);
  }, 300_000);
  afterAll(() => rm(root, { recursive: true, force: true }), 120_000);

  it('the runtime folder holds the build and production packages only, no sources or dev tools', () => {
    const has = (path: string) => spawnSync('test', ['-e', join(app, path)]).status === 0;
    expect(has('dist/cli/main.js')).toBe(true);
    expect(has('dist/bundle/vpnbot.cjs')).toBe(true);
    expect(has('dist/bundle/vpnbot.cjs.cache')).toBe(true);
    expect(has('dist/.build-stamp')).toBe(true);
    // What the build works out ahead so a start need not: the trained intent model and the checked content.
    expect(has('dist/nlu/intent-model.json')).toBe(true);
    expect(has('dist/content/content-snapshot.bin')).toBe(true);
    expect(has('node_modules/better-sqlite3')).toBe(true);
    for (const absent of [
      'src',
      'test',
      'node_modules/typescript',
      'node_modules/tsx',
      'node_modules/vitest',
      'node_modules/esbuild',
    ])
      expect(has(absent), absent).toBe(false);
  });

  it('serves as nobody with only the image environment: ready, answers a web chat turn, healthy, stops on SIGTERM', async () => {
    const port = await freePort();
    const env = {
      ...envOf(runtime),
      DATA_DIR: data,
      PORT: String(port),
      HOST: '127.0.0.1',
      PATH: process.env.PATH,
    };
    const [command, ...args] = execForm(keyword(runtime, 'CMD')[0] as Instruction);
    const child: ChildProcess = spawn(
      asNobody[0] as string,
      [...asNobody.slice(1), command as string, ...args],
      {
        cwd: app,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    const url = `http://127.0.0.1:${port}`;
    try {
      const until = Date.now() + 90_000;
      let ready = 0;
      while (ready !== 200) {
        if (child.exitCode !== null || Date.now() > until)
          expect.fail(`not ready (exit ${child.exitCode}):\n${output}`);
        ready = (await fetch(`${url}/readyz`).catch(() => undefined))?.status ?? 0;
        if (ready !== 200) await new Promise((r) => setTimeout(r, 100));
      }
      const turn = await fetch(`${url}/web/api/turn`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ conversationId: 'container-test-1', text: 'error 721' }),
      });
      expect(turn.status).toBe(200);
      const said = JSON.stringify(await turn.json());
      expect(said).toMatch(/721/);
      expect(said).toMatch(/GRE/);
      expect(spawnSync('test', ['-s', join(data, 'vpnbot.sqlite')]).status, 'state is kept in DATA_DIR').toBe(
        0,
      );

      const check = execForm(keyword(runtime, 'HEALTHCHECK')[0] as Instruction);
      const healthy = spawnSync(asNobody[0] as string, [...asNobody.slice(1), ...check], {
        env,
        timeout: 30_000,
      });
      expect(healthy.status, String(healthy.stderr)).toBe(0);
      const closed = { ...env, PORT: String(await freePort()) };
      const unhealthy = spawnSync(asNobody[0] as string, [...asNobody.slice(1), ...check], { env: closed });
      expect(unhealthy.status).toBe(1);
    } finally {
      child.kill('SIGTERM');
    }
    const graceOver = new Promise<string>((done) =>
      setTimeout(() => done('still running after 10 s'), 10_000),
    );
    expect(await Promise.race([exited, graceOver]), output).toBe(0);
  }, 150_000);
});
