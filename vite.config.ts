/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// BASE_PATH is the sub-path the site is served under: "/" locally, "/<repo>/" on GitHub Pages.
// Every asset, the workers and the fetches of public/ files resolve against it
// (import.meta.env.BASE_URL), so one build works at any depth.
const base = process.env.BASE_PATH ?? '/';

export default defineConfig({
  base,
  plugins: [svelte()],
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    // web-llm is one ~6 MB bundle; it lives in its own worker chunk and never in the entry chunk.
    chunkSizeWarningLimit: 7000,
  },
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
  },
});
