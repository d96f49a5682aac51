/**
 * Brings React's and Vue's types into this project's own checks, so that src/react-jsx.ts and
 * src/vue-components.ts can augment them (a module nothing imports can't be). A `.d.ts` is not
 * emitted: the published declarations import neither.
 */
import type {} from 'react';
import type {} from 'vue';
