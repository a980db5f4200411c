import type { TracedDatabase } from '@linkscope/sdk-node';
import { pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

/** Every demo user's password. */
export const DEMO_PASSWORD = 'demo';
/** Demo users are `user-001` … `user-050`. */
export const USER_COUNT = 50;

export function demoUsername(index: number): string {
  return `user-${String(index).padStart(3, '0')}`;
}

/** A user as other services see it. */
export interface User {
  id: string;
  name: string;
  email: string;
  tier: 'standard' | 'gold';
}

interface UserRow {
  id: string;
  name: string;
  email: string;
  tier: 'standard' | 'gold';
  salt: string;
  password_hash: string;
}

// Few iterations: a demo, not a vault. Enough to make login cost a little real CPU.
const hash = (password: string, salt: string): Buffer => pbkdf2Sync(password, salt, 2_000, 32, 'sha256');

/** Creates the users table and the fifty demo users. */
export function seedUsers(db: TracedDatabase): void {
  db.exec('CREATE TABLE users (id TEXT PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL, tier TEXT NOT NULL, salt TEXT NOT NULL, password_hash TEXT NOT NULL)');
  const insert = db.database.prepare('INSERT INTO users (id, name, email, tier, salt, password_hash) VALUES (?, ?, ?, ?, ?, ?)');
  db.database.exec('BEGIN');
  for (let index = 1; index <= USER_COUNT; index += 1) {
    const id = demoUsername(index);
    const salt = randomBytes(8).toString('hex');
    insert.run(id, `Demo User ${index}`, `${id}@shop.example`, index % 5 === 0 ? 'gold' : 'standard', salt, hash(DEMO_PASSWORD, salt).toString('hex'));
  }
  db.database.exec('COMMIT');
}

/** The user when the password matches, else `undefined` (unknown user or wrong password alike). */
export function verifyCredentials(db: TracedDatabase, username: string, password: string): User | undefined {
  const row = db.get<UserRow>('SELECT id, name, email, tier, salt, password_hash FROM users WHERE id = ?', username);
  if (row === undefined) return undefined;
  const expected = Buffer.from(row.password_hash, 'hex');
  return timingSafeEqual(hash(password, row.salt), expected) ? toUser(row) : undefined;
}

export function findUser(db: TracedDatabase, id: string): User | undefined {
  const row = db.get<UserRow>('SELECT id, name, email, tier, salt, password_hash FROM users WHERE id = ?', id);
  return row === undefined ? undefined : toUser(row);
}

function toUser(row: UserRow): User {
  return { id: row.id, name: row.name, email: row.email, tier: row.tier };
}
