import type { ConfigStore } from '@linkscope/storage';
import { type AccountPolicy, AccountService, DEFAULT_ACCOUNT_POLICY } from './accounts';
import type { AttemptCounter } from './attempt-counter';
import { CredentialService } from './credentials';
import { type DemoSeed, seedDemo } from './demo-seed';
import { OrganisationService } from './organisations';

/** The tenancy services over one config store. */
export class Tenancy {
  readonly organisations: OrganisationService;
  readonly accounts: AccountService;
  readonly credentials: CredentialService;

  constructor(
    private readonly store: ConfigStore,
    attempts: AttemptCounter,
    policy: AccountPolicy = DEFAULT_ACCOUNT_POLICY,
  ) {
    this.organisations = new OrganisationService(store);
    this.accounts = new AccountService(store, this.organisations, attempts, policy);
    this.credentials = new CredentialService(store, this.organisations);
  }

  /** See `seedDemo`. */
  seedDemo(seed: DemoSeed): Promise<void> {
    return seedDemo(this.store, this, seed);
  }
}
