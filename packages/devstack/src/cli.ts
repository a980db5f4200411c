import { readFileSync, rmSync } from 'node:fs';
import { elasticsearchLogFile, elasticsearchStatus, purgeElasticsearchData, stopElasticsearch } from './elasticsearch';
import { ensureInfra } from './infra';
import { RUN_DIR } from './paths';
import { purgeRedisData, redisLogFile, redisStatus, stopRedis } from './redis';
import { DevstackError } from './shell';
import { DEV_INGEST_KEY, PROFILES, startStack, testSlotFromEnv } from './stack';
import { startTestServers, stopAllTestServers } from './test-servers';
import { ensureChromium } from './chromium';

const USAGE = `usage: npm run infra -- up | down [--purge] | status | logs [elasticsearch|redis] | test-servers
       npm start            (infra, all apps and demo traffic)`;

async function infra(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  switch (action) {
    case 'up': {
      const started = Date.now();
      const up = await ensureInfra();
      console.log(`Elasticsearch ${up.elasticsearch.version} at ${up.elasticsearch.url}${up.elasticsearch.managed ? '' : ' (not managed here)'}`);
      console.log(`Redis at ${up.redis.url}${up.redis.managed ? '' : ' (not managed here)'}`);
      console.log(`infra ready in ${((Date.now() - started) / 1000).toFixed(1)}s`);
      return;
    }
    case 'down': {
      const es = await stopElasticsearch();
      const redis = await stopRedis();
      const testServers = await stopAllTestServers();
      console.log(`stopped: ${[es && 'elasticsearch', redis && 'redis', ...testServers].filter(Boolean).join(', ') || 'nothing (none was started by this checkout)'}`);
      if (rest.includes('--purge')) {
        purgeElasticsearchData();
        purgeRedisData();
        rmSync(RUN_DIR, { recursive: true, force: true });
        console.log(`purged ${RUN_DIR}`);
      }
      return;
    }
    case 'test-servers': {
      // Started here they stay up (until `infra down`), so repeated integration runs reuse them.
      const servers = await startTestServers(testSlotFromEnv(process.env));
      for (const server of servers.servers) console.log(`${server.name.padEnd(9)} ${server.url}${server.started ? '' : ' (already running)'}`);
      return;
    }
    case 'status': {
      const es = await elasticsearchStatus(process.env);
      const redis = await redisStatus(process.env);
      console.log(`elasticsearch  ${es.healthy ? 'up' : 'down'}  ${es.url}  ${es.version ?? ''}  ${es.managed ? 'managed' : ''}`);
      console.log(`redis          ${redis.healthy ? 'up' : 'down'}  ${redis.url}  ${redis.managed ? 'managed' : ''}`);
      return;
    }
    case 'logs': {
      const which = rest[0] ?? 'elasticsearch';
      const file = which === 'redis' ? redisLogFile() : elasticsearchLogFile();
      if (!file) throw new DevstackError(`no ${which} log (it was not started by this checkout)`);
      process.stdout.write(readFileSync(file, 'utf8').split('\n').slice(-100).join('\n'));
      return;
    }
    default:
      throw new DevstackError(USAGE);
  }
}

async function start(): Promise<void> {
  const up = await ensureInfra();
  const stack = await startStack({ profile: 'dev', esUrl: up.elasticsearch.url, redisUrl: up.redis.url, demoTraffic: true });
  const ports = PROFILES.dev.ports;
  console.log(`
Linkscope is running with demo traffic.

  Dashboard   ${stack.urls.dashboard}
  Login       ${stack.demoLogin.email} / ${stack.demoLogin.password}   (organisation "demo", project "demo-shop"; new password at every start)
  OTLP/HTTP   ${stack.urls.collector}/v1/traces   ingest key: ${DEV_INGEST_KEY}
  Zipkin v2   ${stack.urls.zipkin}/api/v2/spans
  Demo shop   ${stack.urls.gateway}/api/products  (catalogue ${ports.catalogue}, users ${ports.users}, orders ${ports.orders}, payments ${ports.payments}, provider ${ports.provider})
  Faults      npm run demo -- faults   |   npm run demo -- fault n-plus-one on
  Access log  ${stack.accessLogFile}  (followed by the access-log agent)
  Logs        ${stack.logDir}

Press Ctrl-C to stop the apps (Elasticsearch and Redis keep running: npm run infra -- down).`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await stack.stop();
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === 'infra') return infra(rest);
  if (command === 'start') return start();
  if (command === 'chromium') {
    console.log(ensureChromium());
    return;
  }
  throw new DevstackError(USAGE);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof DevstackError) {
    console.error(`linkscope: ${error.message}`);
  } else {
    console.error(error);
  }
  process.exit(1);
});
