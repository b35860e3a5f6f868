// Worker thread entry for the threaded consensus: load TypeScript through tsx, then run
// consensusWorker.ts. Plain JavaScript so a worker starts from a fresh `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
await import('./consensusWorker.ts');
