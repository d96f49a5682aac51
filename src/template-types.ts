import type { MomoCheckout } from './momo-checkout.js';

/** What a template may set on `<momo-checkout>`, as attribute or property (React's JSX, Vue's templates). */
export type MomoCheckoutAttributes = Partial<Pick<MomoCheckout, 'token' | 'locale' | 'prefer' | 'theme'>>;
