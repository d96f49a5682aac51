/**
 * momo-checkout: the element class and its types, with no side effects. To register the
 * `<momo-checkout>` tag, import `momo-checkout/define` (or load the IIFE build).
 */
export { MomoCheckout } from './momo-checkout';
export { formatAmount, formatDate } from './core/format';
export { PayController } from './controllers/pay';
export type { PayState } from './controllers/pay';
export { emit } from './core/events';
export type { MomoErrorDetail, MomoEventMap, MomoEventName, MomoReadyDetail, MomoRetryDetail } from './core/events';
export { decodeToken } from './core/token';
export type { TokenClaims, TokenResult } from './core/token';
export { MomoApiError } from './core/api';
export { StatusFollower, DEFAULT_TIMING } from './controllers/status-follower';
export type { FollowerTiming, FollowMode, StatusFollowerOptions } from './controllers/status-follower';
export { registerTranslation, resolveTranslation, en } from './i18n/index';
export type { Translation } from './i18n/index';
export { registerView, getView, planInstructions } from './views/index';
export type { CopyState, Device, InstructionOf, InstructionView, ViewContext } from './views/index';
export * from '../contract';
