/**
 * Browser mode: the host in plain Node, the studio and the stage served to any Chromium over a
 * local WebSocket. `npm run dev:web` runs this with Vite's dev server (hot reload); tests and a
 * headless room run it on the built renderer with `--static`.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { LocaleSchema } from '../../shared/domain';
import { createHost } from './create-host';
import { defaultUserDataDir, pickLocale, resolveDataDir, systemLocaleFromEnv } from './data-dir';
import { createFileSecretStore } from './secret-store';
import { startWebServer } from './web-server';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

const USAGE = `Usage: npm run dev:web -- [options]
  --data-dir DIR     where the library lives (default: the app's user-data folder, or $STAGEHOST_DATA_DIR)
  --port N           port to listen on (default 5178; 0 = any free port)
  --lan              listen on all interfaces, for a tablet or second screen on the LAN (token-protected)
  --lang zh-CN|en-US language of the demo store and pages (default: the system's)
  --static           serve the built renderer (out/renderer, or --static-dir DIR) instead of Vite's dev server
  --new-token        pair afresh: pages opened with the old pairing token lose access
  --help             this text`;

/**
 * The pairing token is kept in the data dir, so that pages (a stage in OBS, a tablet desk) rejoin by
 * themselves after the host restarts; `--new-token` revokes every page paired before.
 */
function pairingToken(dataDir: string, renew: boolean): string {
  const file = join(dataDir, 'browser-mode-token');
  if (!renew && existsSync(file)) {
    const saved = readFileSync(file, 'utf8').trim();
    if (/^[A-Za-z0-9_-]{20,}$/.test(saved)) return saved;
  }
  const token = randomBytes(18).toString('base64url');
  writeFileSync(file, token, { mode: 0o600 });
  return token;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string', default: '5178' },
      lan: { type: 'boolean', default: false },
      lang: { type: 'string' },
      static: { type: 'boolean', default: false },
      'static-dir': { type: 'string' },
      'new-token': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    allowPositionals: false,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a whole number from 0 to 65535, not "${values.port}"`);
  const locale = values.lang ? LocaleSchema.parse(values.lang) : pickLocale(systemLocaleFromEnv());
  const dataDir = resolveDataDir({ argv: process.argv.slice(2), env: process.env, defaultDir: defaultUserDataDir() });

  // The key that seals secrets lives outside the data folder, so a copied library carries no readable key.
  const keyDir = process.env.STAGEHOST_KEY_DIR ?? join(dirname(defaultUserDataDir()), 'StageHost Keys');
  const host = await createHost({ dataDir, locale, seedsDir: `${repoRoot}seeds`, secrets: createFileSecretStore(dataDir, keyDir) });
  if (host.recovered) {
    console.warn(`The library file was damaged (${host.recovered.reason}). A copy was kept at ${host.recovered.backupPath}; a fresh library was started.`);
  }

  let middleware: ((req: IncomingMessage, res: ServerResponse, next: () => void) => void) | undefined;
  let closeVite: (() => Promise<void>) | undefined;
  const staticDir = values['static-dir'] ?? `${repoRoot}out/renderer`;
  const useStatic = values.static || values['static-dir'] !== undefined;
  if (useStatic && !existsSync(`${staticDir}/studio.html`)) {
    throw new Error(`No built renderer in ${staticDir}. Run \`npm run build:web\` first, or drop --static.`);
  }

  const server = await startWebServer({
    host,
    token: pairingToken(dataDir, values['new-token']),
    staticDir,
    port,
    bindAddress: values.lan ? '0.0.0.0' : '127.0.0.1',
    pageQuery: `lang=${locale}`,
    devCsp: !useStatic,
    log: (m) => console.warn(m),
    ...(useStatic
      ? {}
      : {
          middleware: (req: IncomingMessage, res: ServerResponse, next: () => void) => {
            if (middleware) middleware(req, res, next);
            else next();
          },
        }),
  });
  if (!useStatic) {
    const { createServer } = await import('vite');
    const { rendererConfig } = await import('../../renderer/vite.config');
    const vite = await createServer({
      ...rendererConfig,
      configFile: false,
      appType: 'mpa',
      server: { middlewareMode: true, hmr: { server: server.httpServer } },
    });
    middleware = vite.middlewares;
    closeVite = () => vite.close();
  }

  console.log(`StageHost browser mode (data: ${dataDir})`);
  console.log(`Studio: ${server.studioUrl}`);
  console.log(`Stage:  ${server.stageUrl}`);

  let closing = false;
  const shutdown = async (): Promise<void> => {
    if (closing) return;
    closing = true;
    await closeVite?.();
    await server.close();
    await host.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

main().catch((e: unknown) => {
  console.error(`StageHost could not start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
