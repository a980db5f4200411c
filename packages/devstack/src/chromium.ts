import { isRoot } from './paths';
import { DevstackError, run, say, which } from './shell';

/** The Chromium binary for end-to-end tests: CHROMIUM_PATH, else Debian's chromium (installed when missing and allowed). */
export function ensureChromium(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env['CHROMIUM_PATH'];
  if (configured) return configured;
  const found = which('chromium');
  if (found) return found;
  if (!isRoot() || env['LINKSCOPE_INSTALL_PACKAGES'] === 'false') {
    throw new DevstackError('Chromium is missing: install Debian\'s chromium package (apt-get install chromium), or set CHROMIUM_PATH');
  }
  say('installing chromium from Debian packages');
  run('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk'], 'apt-get could not install chromium');
  const installed = which('chromium');
  if (!installed) throw new DevstackError('chromium is still missing after apt-get install');
  return installed;
}
