import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { defineConfig, type Plugin } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

/**
 * `npm run dev` in a plain browser: runs `groundwork serve` (the CLI of this repository) on a
 * fresh demo workspace and answers POST /__groundwork with it, so the browser shows the real core.
 */
function groundworkCore(): Plugin {
  return {
    name: 'groundwork-core',
    apply: 'serve',
    configureServer(server) {
      // Started on the first request, so `tauri dev` (whose window talks to Tauri) never starts it.
      const waiting = new Map<number, (line: string) => void>();
      let next = 1;
      let child: ReturnType<typeof spawn> | null = null;
      const start = () => {
        const home = mkdtempSync(join(tmpdir(), 'groundwork-dev-'));
        const demo = join(home, 'demo');
        const c = spawn('cargo', ['run', '--quiet', '--bin', 'groundwork', '--', 'serve', '--workspace', demo, '--demo-dir', demo, '--documents', home], {
          cwd: join(__dirname, '..'),
          stdio: ['pipe', 'pipe', 'inherit'],
        });
        createInterface({ input: c.stdout! }).on('line', (line) => {
          const { id } = JSON.parse(line) as { id?: number };
          if (typeof id === 'number') {
            waiting.get(id)?.(line);
            waiting.delete(id);
          }
        });
        c.stdin!.write(`${JSON.stringify({ id: 0, command: 'open_demo_workspace', args: {} })}\n`);
        server.httpServer?.on('close', () => c.kill());
        return c;
      };
      server.middlewares.use('/__groundwork', (req, res) => {
        let body = '';
        req.on('data', (c) => (body += c));
        req.on('end', () => {
          const id = next++;
          waiting.set(id, (line) => {
            res.setHeader('content-type', 'application/json');
            res.end(line);
          });
          child ??= start();
          child.stdin!.write(`${JSON.stringify({ id, ...JSON.parse(body) })}\n`);
        });
      });
    },
  };
}

// Tauri expects a fixed dev port and relative asset paths in the bundle.
export default defineConfig(({ mode }) => ({
  plugins: [svelte(), groundworkCore()],
  base: './',
  clearScreen: false,
  server: {
    port: 1420,
    strictPort: true,
  },
  build: {
    target: 'safari15',
    outDir: 'dist',
    emptyOutDir: true,
  },
  // Svelte 5 must resolve its browser build to mount components in jsdom.
  resolve: mode === 'test' ? { conditions: ['browser'] } : undefined,
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    setupFiles: ['./src/test/setup.ts'],
    restoreMocks: true,
    // Each test talks to the real core; a busy machine must slow a test, never fail it.
    testTimeout: 60_000,
  },
}));
