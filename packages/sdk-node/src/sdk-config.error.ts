/** Error code carried by every {@link LinkscopeConfigError}. */
export const LINKSCOPE_CONFIG_INVALID = 'LINKSCOPE_CONFIG_INVALID';

/**
 * Thrown by `init` when the options and the environment together do not give a usable
 * configuration (no service name, no or malformed endpoint, an API key that cannot be sent
 * as an HTTP header). The message names both the option and the environment variable to set.
 */
export class LinkscopeConfigError extends Error {
  readonly code = LINKSCOPE_CONFIG_INVALID;

  constructor(message: string) {
    super(message);
    this.name = 'LinkscopeConfigError';
  }
}
