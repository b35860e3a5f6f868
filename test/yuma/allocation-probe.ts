/**
 * Probe for test/yuma/allocation.test.ts, run by it in its own process through tsx (the loader
 * `taosim` and the simulator's workers run the kernel under; vitest's module runner compiles the
 * code differently). Prints JSON: heap-profiler samples in a calibration loop that allocates once
 * per iteration, and in the kernel's frames over EPOCHS epochs of each bond variant (heap-samples.ts).
 */
import { calibrationSamples, EPOCHS, kernelSamples } from './heap-samples.ts';

const calibration = await calibrationSamples();
const kernel = await kernelSamples('f64');
console.log(JSON.stringify({ epochs: EPOCHS, calibration, kernel }));
