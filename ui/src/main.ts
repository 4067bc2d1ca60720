import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { backendContext, type Backend } from './lib/platform/backend';
import { createTauriBackend } from './lib/platform/tauri';

const target = document.getElementById('app');
if (!target) throw new Error('#app element missing from index.html');
const el = target;

function start(backend: Backend) {
  return mount(App, { target: el, context: backendContext(backend) });
}

// `npm run dev` opened in a plain browser has no Tauri shell: talk to the real core through the
// dev server instead. Production builds drop this branch entirely.
if (import.meta.env.DEV && !('__TAURI_INTERNALS__' in window)) {
  void import('./lib/platform/devServer').then(({ devServerBackend }) => start(devServerBackend()));
} else {
  start(createTauriBackend());
}
