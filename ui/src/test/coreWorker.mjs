// Runs `groundwork serve` for one test file and relays JSON lines, so the test thread can wait for
// each answer synchronously (see core.ts): the UI's tests then behave as with an in-memory backend,
// but every answer comes from the real core.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { workerData } from 'node:worker_threads';

const { bin, args, port, signal } = workerData;
const child = spawn(bin, args, { stdio: ['pipe', 'pipe', 'inherit'] });
let events = [];

function answer(message) {
  port.postMessage(message);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
}

createInterface({ input: child.stdout }).on('line', (line) => {
  const message = JSON.parse(line);
  if (message.event) {
    events.push(message);
    return;
  }
  answer({ ...message, events });
  events = [];
});
child.on('error', (e) => answer({ id: null, fatal: `could not start ${bin}: ${e.message}` }));
child.on('exit', (code) => answer({ id: null, fatal: `groundwork serve exited with ${code}` }));
port.on('message', (request) => child.stdin.write(`${JSON.stringify(request)}\n`));
