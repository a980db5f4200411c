import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { cacheDir, ensureDir } from './paths';
import { type TestServer, answersProbe, fillOnce, reusableServer, runAsync, spawnServer, stopByPidFile, waitUntilReady } from './server-process';
import { handToServiceUser, serviceStateDir } from './service-user';
import { DevstackError, isPortOpen, run, say, which } from './shell';

/**
 * FerretDB v1 (the MongoDB wire protocol over SQLite) for the mongodb driver's tests: no Debian
 * package serves the MongoDB protocol, so it is built once from source through the Go module proxy.
 */
export const FERRETDB_VERSION = 'v1.24.0';
const MODULE = 'github.com/FerretDB/FerretDB';
/** Its pid file in its state folder (stopped with SIGTERM). */
export const FERRETDB_PID_FILE = 'ferretdb.pid';

/** Where Go's own tarball installs it; a login shell adds it to PATH, a bare CI environment may not. */
const GO_HOME_BIN = '/usr/local/go/bin/go';

function goBinary(): string | null {
  return which('go') ?? (existsSync(GO_HOME_BIN) ? GO_HOME_BIN : null);
}

/**
 * Builds, once, the ferretdb binary into the download cache. Not `go install module@version`: that
 * reads the module's version list, which the proxy refuses for FerretDB. And the released module
 * lacks the generated `build/version/version.txt` its binary insists on, so the source is copied
 * from the module cache, given that file, and built through a `replace` in a throwaway module.
 */
async function ensureBinary(env: NodeJS.ProcessEnv): Promise<string> {
  const home = path.join(cacheDir(env), `ferretdb-${FERRETDB_VERSION}`);
  const binary = path.join(home, 'ferretdb');
  await fillOnce(home, () => existsSync(binary), async (partial) => {
    const go = goBinary();
    if (!go) throw new DevstackError(`Go is needed to build FerretDB for the MongoDB tests: install golang (looked on PATH and in ${GO_HOME_BIN}), or set TEST_MONGODB_URL`);
    say(`building FerretDB ${FERRETDB_VERSION} from the Go module proxy (once; a few minutes)`);
    const build = path.join(partial, 'build');
    mkdirSync(build);
    const goEnv = { ...process.env, GOFLAGS: '-mod=mod -buildvcs=false' };
    const downloaded = JSON.parse(await runAsync(go, ['mod', 'download', '-json', `${MODULE}@${FERRETDB_VERSION}`], 'go could not download FerretDB', goEnv, false, partial)) as { Dir?: string };
    if (!downloaded.Dir) throw new DevstackError('go mod download did not say where FerretDB is');
    const source = path.join(partial, 'src');
    cpSync(downloaded.Dir, source, { recursive: true });
    run('chmod', ['-R', 'u+w', source], 'chmod');
    writeFileSync(path.join(source, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
    writeFileSync(path.join(build, 'go.mod'), `module linkscope.local/ferretdb-build\n\ngo 1.22\n\nrequire ${MODULE} ${FERRETDB_VERSION}\n\nreplace ${MODULE} => ../src\n`);
    await runAsync(go, ['build', '-o', path.join(partial, 'ferretdb'), `${MODULE}/cmd/ferretdb`], 'go could not build FerretDB', goEnv, false, build);
    // Only the binary is kept.
    rmSync(source, { recursive: true, force: true });
    rmSync(build, { recursive: true, force: true });
  });
  return binary;
}

/** True once the server answers an OP_MSG `{ hello: 1 }` with an OP_MSG reply to it. */
function answersMongo(port: number): Promise<boolean> {
  // BSON { hello: 1, $db: "admin" }.
  const elements = Buffer.concat([Buffer.from([0x10]), Buffer.from('hello\0'), int32(1), Buffer.from([0x02]), Buffer.from('$db\0'), int32(6), Buffer.from('admin\0'), Buffer.from([0])]);
  const document = Buffer.concat([int32(4 + elements.length), elements]);
  const body = Buffer.concat([int32(0), Buffer.from([0]), document]); // flagBits, section kind 0
  const requestId = 4242;
  const message = Buffer.concat([int32(16 + body.length), int32(requestId), int32(0), int32(2013), body]);
  return answersProbe(port, message, (chunk) => chunk.length >= 16 && chunk.readInt32LE(8) === requestId && chunk.readInt32LE(12) === 2013);
}

function int32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeInt32LE(value);
  return buffer;
}

/**
 * Starts FerretDB for tests on 127.0.0.1:`port` with the SQLite backend, its databases and state in
 * `.linkscope/<stateName>` (kept between runs), no telemetry and no debug listener. Reuses one this
 * checkout already runs there.
 */
export async function startFerretdb(port: number, stateName: string, env: NodeJS.ProcessEnv): Promise<TestServer> {
  const url = `mongodb://127.0.0.1:${port}/linkscope`;
  const dir = serviceStateDir(stateName);
  const pidFile = path.join(dir, FERRETDB_PID_FILE);
  const stop = async (): Promise<void> => {
    await stopByPidFile(dir, FERRETDB_PID_FILE);
  };
  if (await reusableServer(pidFile, port, stop)) return { name: 'ferretdb', url, started: false, stop: async () => undefined };
  if (await isPortOpen(port)) throw new DevstackError(`port ${port} (FerretDB for tests) is busy with another process; free it or set TEST_MONGODB_URL`);
  const started = Date.now();
  const binary = await ensureBinary(env);
  const data = ensureDir(path.join(dir, 'data'));
  const logFile = path.join(dir, 'ferretdb.log');
  writeFileSync(logFile, '');
  handToServiceUser(dir);
  const server = spawnServer(
    binary,
    ['--handler=sqlite', `--sqlite-url=file:${data}/`, `--listen-addr=127.0.0.1:${port}`, '--debug-addr=-', `--state-dir=${dir}`, '--telemetry=disable', '--log-level=warn'],
    { logFile, cwd: dir, env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: dir } },
  );
  writeFileSync(pidFile, `${server.pid}\n`);
  await waitUntilReady('FerretDB', () => answersMongo(port), server.exited, logFile, 60_000);
  return { name: 'ferretdb', url, started: true, readyMs: Date.now() - started, stop };
}

