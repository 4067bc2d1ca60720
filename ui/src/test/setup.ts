import '@testing-library/svelte/vitest';

// jsdom has no canvas. Answer like a webview without 2D canvas (null) rather than jsdom's
// "not implemented" message, so charts take their text-only path quietly.
HTMLCanvasElement.prototype.getContext = (() => null) as unknown as typeof HTMLCanvasElement.prototype.getContext;
