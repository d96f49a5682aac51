import { defineComponent, h, type PropType } from 'vue';
import type { MomoEventMap } from '../../src/index';
// In an app: `import 'momo-checkout/define';`
import '../../src/define';

/**
 * `<momo-checkout>` in Vue 3, re-emitting its events as the component's `status`, `paid` and
 * `retry` (synchronously, so a `retry` listener can still call `event.preventDefault()`).
 * Vue sets `token` and `locale` as properties (the element has them) and listens to
 * `momo-status` / `momo-paid` through `onMomoStatus` / `onMomoPaid`. In a template:
 * `<momo-checkout :token="token" @momo-paid="onPaid" />`, with `compilerOptions.isCustomElement`
 * telling Vue's compiler that `momo-` tags are not Vue components.
 */
export const Checkout = defineComponent({
  name: 'MomoCheckoutExample',
  props: {
    token: { type: String, required: true },
    locale: { type: String as PropType<string | undefined>, default: undefined },
  },
  emits: {
    status: (_event: MomoEventMap['momo-status']) => true,
    paid: (_event: MomoEventMap['momo-paid']) => true,
    retry: (_event: MomoEventMap['momo-retry']) => true,
  },
  setup(props, { emit }) {
    return () =>
      h('momo-checkout', {
        token: props.token,
        locale: props.locale,
        onMomoStatus: (event: MomoEventMap['momo-status']) => emit('status', event),
        onMomoPaid: (event: MomoEventMap['momo-paid']) => emit('paid', event),
        onMomoRetry: (event: MomoEventMap['momo-retry']) => emit('retry', event),
      });
  },
});
