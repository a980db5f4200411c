import { traceDatabaseSync } from '@linkscope/sdk-node';
import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { randomBytes } from 'node:crypto';
import { DatabaseSync } from 'node:sqlite';
import { z } from 'zod';

import type { JsonLogger } from '../shared/json-logger';
import { route, startJsonServer } from '../shared/json-server';
import { createRedis } from '../shared/redis-client';
import type { RunningService } from '../shared/service-main';
import { findUser, seedUsers, verifyCredentials } from './user-directory';
import type { UsersConfig } from './users.config';

const loginBody = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) });

/** Starts the users service: accounts in SQLite, sessions in Redis. */
export async function startUsersServer(config: UsersConfig, logger: JsonLogger): Promise<RunningService> {
  const db = traceDatabaseSync(new DatabaseSync(':memory:'), 'users');
  context.with(suppressTracing(context.active()), () => seedUsers(db));
  const redis = createRedis(config.redisUrl, config.redisKeyPrefix);

  const server = await startJsonServer({
    name: 'users',
    host: config.listenHost,
    port: config.port,
    logger,
    routes: [
      route({
        method: 'POST',
        pattern: '/login',
        body: loginBody,
        handle: async ({ body }) => {
          const user = verifyCredentials(db, body.username, body.password);
          if (user === undefined) return { status: 401, body: { error: 'bad_credentials' } };
          const token = randomBytes(16).toString('hex');
          await redis.set(`session:${token}`, user.id, 'EX', config.sessionTtlSeconds);
          return { status: 200, body: { token, userId: user.id } };
        },
      }),
      route({
        method: 'GET',
        pattern: '/sessions/:token',
        handle: async ({ params }) => {
          const userId = await redis.get(`session:${params['token'] ?? ''}`);
          return userId === null ? { status: 404, body: { error: 'session_not_found' } } : { status: 200, body: { userId } };
        },
      }),
      route({
        method: 'GET',
        pattern: '/users/:id',
        handle: ({ params }) => {
          const user = findUser(db, params['id'] ?? '');
          return user === undefined ? { status: 404, body: { error: 'user_not_found' } } : { status: 200, body: user };
        },
      }),
    ],
  });
  return {
    server,
    close: async () => {
      redis.disconnect();
      db.database.close();
    },
  };
}
