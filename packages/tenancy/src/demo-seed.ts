import { GLOBAL_SCOPE, type ConfigStore } from '@linkscope/storage';
import { type AccountService, userIdFor } from './accounts';
import type { CredentialService } from './credentials';
import type { OrganisationService } from './organisations';
import { digestSecret } from './secrets';
import { INGEST_KEY, PROJECT, USER } from './tenancy-types';

export interface DemoSeed {
  readonly email: string;
  readonly password: string;
  readonly tenantId: string;
  readonly organisationName: string;
  readonly projectId: string;
  readonly ingestKey: string;
}

/**
 * Makes sure the demo organisation exists with its project, its known ingest key and a login
 * with the given password. Idempotent: run at every start of a development or test stack.
 */
export async function seedDemo(store: ConfigStore, services: { accounts: AccountService; organisations: OrganisationService; credentials: CredentialService }, seed: DemoSeed): Promise<void> {
  const userId = userIdFor(seed.email);
  const actor = { userId, email: seed.email, name: 'Demo' };
  if (await store.of(USER).get(GLOBAL_SCOPE, userId)) await services.accounts.setPassword(userId, seed.password);
  else await services.accounts.createUser(seed.email, 'Demo', seed.password);
  const scope = { tenantId: seed.tenantId, projectId: seed.projectId };
  if ((await services.organisations.organisationName(scope)) === null) await services.organisations.createOrganisation(actor, seed.organisationName, seed.tenantId);
  if (!(await store.of(PROJECT).get(scope, seed.projectId))) await services.organisations.createProject(scope, actor, seed.projectId, seed.projectId);
  if (!(await store.of(INGEST_KEY).resolveCredential(digestSecret(seed.ingestKey)))) await services.credentials.createIngestKey(scope, actor, 'demo shop (development key)', seed.ingestKey);
}
