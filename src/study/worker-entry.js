// Worker thread entry for the study pool: load TypeScript through tsx, then hand over to
// worker.ts. Plain JavaScript so a worker starts from a fresh `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
const mod = await import('./worker.ts');
export default mod.default;
