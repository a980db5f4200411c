// Deterministic nginx `combined` access-log lines with a realistic mix: a shop's API routes with
// numeric, UUID and hex ids, static assets, search with query strings, health checks, bots, a few
// malformed requests (400 with "-" or TLS bytes), IPv4 and IPv6 clients, real user agents, about
// 300 lines per second of log time, mostly 2xx/3xx with some 4xx and 5xx.
import { closeSync, openSync, writeSync } from 'node:fs';

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.81 Mobile Safari/537.36',
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
  'curl/8.5.0',
  'okhttp/4.12.0',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
  'Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1',
  'kube-probe/1.31',
  'Mozilla/5.0 (Linux; U; Android 12; zh-cn; MI 9 Build/SKQ1.211230.001) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/109.0.5414.118 Mobile Safari/537.36 XiaoMi/MiuiBrowser/17.8.2',
  'python-requests/2.32.3',
];
const REFERERS = ['-', '-', '-', 'https://shop.example.com/', 'https://shop.example.com/products', 'https://www.google.com/', 'https://shop.example.com/cart'];
const WORDS = ['shoes', 'red+dress', 'laptop', 'phone+case', '%E6%89%8B%E6%9C%BA', 'headphones', 'desk', 'coffee'];

function hex(rand, n) {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(rand() * 16)];
  return s;
}

/** Builds a line generator for `seed`, starting at `startEpochMs`. */
export function combinedLines(seed = 42, startEpochMs = Date.UTC(2026, 10, 20, 10, 0, 0)) {
  const rand = mulberry32(seed);
  const ipv4 = Array.from({ length: 5000 }, () => `${1 + Math.floor(rand() * 222)}.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}.${1 + Math.floor(rand() * 254)}`);
  const ipv6 = Array.from({ length: 300 }, () => `2001:db8:${hex(rand, 4)}::${hex(rand, 4)}`);
  const uuids = Array.from({ length: 2000 }, () => `${hex(rand, 8)}-${hex(rand, 4)}-4${hex(rand, 3)}-a${hex(rand, 3)}-${hex(rand, 12)}`);
  const assets = Array.from({ length: 30 }, () => hex(rand, 8));
  let t = startEpochMs;
  let lastSecond = -1;
  let timeText = '';
  const pick = (list) => list[Math.floor(rand() * list.length)];

  function request() {
    const r = rand();
    if (r < 0.05) return ['GET', '/', 200, 6000 + Math.floor(rand() * 2000)];
    if (r < 0.2) return ['GET', `/api/products?page=${1 + Math.floor(rand() * 20)}&sort=price`, 200, 2000 + Math.floor(rand() * 8000)];
    if (r < 0.5) return ['GET', `/api/products/${1 + Math.floor(rand() * 50000)}`, rand() < 0.03 ? 404 : 200, 800 + Math.floor(rand() * 3000)];
    if (r < 0.6) return ['GET', `/static/js/app.${pick(assets)}.js`, rand() < 0.4 ? 304 : 200, rand() < 0.4 ? 0 : 120000 + Math.floor(rand() * 60000)];
    if (r < 0.65) return ['GET', `/api/users/${pick(uuids)}/orders`, 200, 1500 + Math.floor(rand() * 5000)];
    if (r < 0.73) return ['POST', '/api/cart/items', rand() < 0.02 ? 422 : 201, 300 + Math.floor(rand() * 200)];
    if (r < 0.83) return ['GET', `/api/search?q=${pick(WORDS)}&limit=20`, 200, 3000 + Math.floor(rand() * 9000)];
    if (r < 0.88) return ['POST', '/api/orders', rand() < 0.01 ? 500 : rand() < 0.01 ? 502 : 201, 400 + Math.floor(rand() * 300)];
    if (r < 0.93) return ['GET', '/healthz', 200, 15];
    if (r < 0.97) return ['GET', `/images/${hex(rand, 24)}.jpg`, rand() < 0.3 ? 304 : 200, 20000 + Math.floor(rand() * 200000)];
    if (r < 0.985) return ['GET', `/wp-login.php`, 404, 153];
    if (r < 0.992) return ['HEAD', '/', 200, 0];
    if (r < 0.996) return ['OPTIONS', '/api/cart/items', 204, 0];
    return null; // malformed request line
  }

  return function next() {
    t += Math.floor(rand() * 6.6);
    const second = Math.floor(t / 1000);
    if (second !== lastSecond) {
      lastSecond = second;
      const d = new Date(second * 1000);
      const p = (n) => String(n).padStart(2, '0');
      timeText = `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
    }
    const ip = rand() < 0.06 ? pick(ipv6) : pick(ipv4);
    const req = request();
    if (req === null) {
      const garbage = rand() < 0.5 ? '-' : '\\x16\\x03\\x01\\x02\\x00\\x01\\x00\\x01\\xFC\\x03\\x03';
      return `${ip} - - [${timeText}] "${garbage}" 400 150 "-" "-"\n`;
    }
    const [method, target, status, bytes] = req;
    const user = rand() < 0.02 ? 'alice' : '-';
    return `${ip} - ${user} [${timeText}] "${method} ${target} HTTP/1.1" ${status} ${bytes} "${pick(REFERERS)}" "${pick(USER_AGENTS)}"\n`;
  };
}

/** Writes `count` lines to `file`; answers the byte size. */
export function writeCombinedLog(file, count, seed = 42) {
  const next = combinedLines(seed);
  const fd = openSync(file, 'w');
  let size = 0;
  let chunk = '';
  for (let i = 0; i < count; i++) {
    chunk += next();
    if (chunk.length > 1 << 20) {
      size += writeSync(fd, chunk);
      chunk = '';
    }
  }
  size += writeSync(fd, chunk);
  closeSync(fd);
  return size;
}
