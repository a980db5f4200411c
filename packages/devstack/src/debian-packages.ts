import { existsSync } from 'node:fs';
import { isRoot } from './paths';
import { runAsync } from './server-process';
import { DevstackError, say } from './shell';

/** A program a server needs, and the Debian package that ships it. */
export interface DebianProgram {
  readonly path: string;
  readonly pkg: string;
}

/**
 * Installs, with one `apt-get install`, the Debian packages of every program in `needs` that is
 * missing. Only as root and unless LINKSCOPE_INSTALL_PACKAGES=false; otherwise names what to
 * install (and `hint`, such as which variable points at an existing server instead).
 */
export async function ensureDebianPrograms(needs: readonly DebianProgram[], env: NodeJS.ProcessEnv, hint: string): Promise<void> {
  const packages = [...new Set(needs.filter((need) => !existsSync(need.path)).map((need) => need.pkg))];
  if (packages.length === 0) return;
  if (!isRoot() || env['LINKSCOPE_INSTALL_PACKAGES'] === 'false') {
    throw new DevstackError(`missing Debian packages: ${packages.join(' ')} (apt-get install ${packages.join(' ')}), ${hint}`);
  }
  say(`installing ${packages.join(', ')} from Debian packages`);
  // Their init scripts may also start system-wide servers on the default ports (containers'
  // policy-rc.d forbids it): ours run on their own ports and folders, so either way is fine.
  await runAsync(
    'sh',
    ['-c', `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends ${packages.join(' ')}`],
    `apt-get could not install ${packages.join(' ')}`,
  );
  const still = needs.filter((need) => !existsSync(need.path));
  if (still.length > 0) throw new DevstackError(`still missing after apt-get install: ${still.map((need) => need.path).join(', ')}`);
}
