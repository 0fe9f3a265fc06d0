import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Resolved from this file, not from the working directory, so `npx vite build client`
// from the repository root and `npx vite` inside client/ build the same thing.
const root = fileURLToPath(new URL('.', import.meta.url));

// The dev server forwards everything the Fastify server owns; the browser then sees a
// single origin, exactly as in production where the server serves client/dist itself.
const backend = 'http://127.0.0.1:3000';

export default defineConfig({
  root,
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
  },
  server: {
    proxy: {
      '/api': backend,
      '/docs': backend,
      '/health': backend,
      '/socket.io': { target: backend, ws: true },
    },
  },
});
