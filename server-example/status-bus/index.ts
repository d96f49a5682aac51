import { createLocalStatusBus } from './local';
import type { StatusBus } from './types';

export type { StatusBus } from './types';

/** This process only: a test that wires the parts by hand (the backend's: status-fan-out.ts). */
export const createStatusBus = (): StatusBus => createLocalStatusBus();
