// A real `wenlv serve --addr 127.0.0.1:0` on a fresh data directory (the demo data is loaded
// into the empty database on start), as the browser tests in e2e/ start it.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Server {
  url: string;
  stop: () => Promise<void>;
}

export async function startServer(): Promise<Server> {
  const bin = process.env.WENLV_BIN ?? join(process.cwd(), '..', 'target', 'debug', 'wenlv');
  const dataDir = mkdtempSync(join(tmpdir(), 'wenlv-client-'));
  const child = spawn(bin, ['--data-dir', dataDir, 'serve', '--addr', '127.0.0.1:0'], {
    env: { ...process.env, WENLV_LOG: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no address printed in 60 s; stderr:\n${stderr}`)), 60_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = out.match(/serving (http:\/\/[^/\s]+)\//);
      if (m?.[1]) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`wenlv exited (${code}):\n${stderr}`)); });
  });
  return {
    url,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
