import { describe, expect, it } from 'vitest';
import { PERMISSIONS, ROLES, permissionsOf, roleAllows, signUpSchema } from './tenancy';

describe('roles and permissions', () => {
  it('viewers only read; members edit rules and dashboards; admins manage keys, tokens, channels and members; owners the organisation', () => {
    expect(permissionsOf('viewer')).toEqual(['project:read']);
    expect(permissionsOf('member')).toEqual(['project:read', 'rules:write', 'dashboards:write', 'alerts:write']);
    expect(roleAllows('member', 'keys:manage')).toBe(false);
    expect(roleAllows('admin', 'keys:manage')).toBe(true);
    expect(roleAllows('admin', 'members:manage')).toBe(true);
    expect(roleAllows('admin', 'org:manage')).toBe(false);
    expect(permissionsOf('owner')).toEqual([...PERMISSIONS]);
  });

  it('each stronger role carries every permission of the weaker ones', () => {
    for (let i = 1; i < ROLES.length; i++) {
      const weaker = permissionsOf(ROLES[i - 1]!);
      expect(permissionsOf(ROLES[i]!)).toEqual(expect.arrayContaining(weaker));
    }
  });
});

describe('sign-up validation', () => {
  it('normalises the email and names each bad field', () => {
    expect(signUpSchema.parse({ email: ' Ann@Example.COM ', password: 'correct horse battery', name: 'Ann', organisationName: 'Acme' }).email).toBe('ann@example.com');
    const result = signUpSchema.safeParse({ email: 'nope', password: 'short', name: '', organisationName: 'Acme', extra: 1 });
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages).toEqual(expect.arrayContaining(['email: not an email address', 'password: at least 12 characters', 'name: required']));
    expect(messages.some((m) => m.includes('extra'))).toBe(true);
  });
});
