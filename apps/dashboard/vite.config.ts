import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The api that serves `/api` in development; in production the api serves this build itself. */
const API_ORIGIN = 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: { proxy: { '/api': API_ORIGIN } },
  preview: { proxy: { '/api': API_ORIGIN } },
});
