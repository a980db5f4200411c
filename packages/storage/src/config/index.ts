export { ConfigStore } from './config-store';
export { ConfigRepository, MAX_CONFIG_PAGE, newConfigId } from './config.repository';
export type { ConfigFindQuery, ConfigPage, ConfigWriteOptions } from './config.repository';
export { ConfigStoreError, GLOBAL_SCOPE, defineConfigType } from './config-type';
export type { ConfigLevel, ConfigObject, ConfigType, GlobalScope, OrganisationScope, ScopeOf } from './config-type';
