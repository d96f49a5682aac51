import { createApp, defineComponent, h, ref } from 'vue';
import { approve, createCheckout, type CreatedCheckout } from '../sandbox';
import { Checkout } from './checkout';

/** A merchant page in Vue: create a checkout, show it, react to its events. */
const App = defineComponent(() => {
  const checkout = ref<CreatedCheckout>();
  const events = ref<string[]>([]);
  const log = (line: string) => events.value.push(line);
  const create = async () => (checkout.value = await createCheckout());
  return () =>
    h('main', [
      h('h1', 'momo-checkout in Vue 3'),
      h('button', { type: 'button', onClick: create }, 'Create checkout'),
      checkout.value &&
        h(Checkout, {
          token: checkout.value.token,
          onStatus: (event) => log(`momo-status: ${event.detail.status}`),
          onPaid: () => log('momo-paid'),
          onRetry: (event) => {
            event.preventDefault(); // a new checkout is coming
            log('momo-retry');
            void create();
          },
        }),
      checkout.value && h('button', { type: 'button', onClick: () => approve(checkout.value!.id) }, 'Approve as the payer (sandbox)'),
      h(
        'ol',
        { id: 'events' },
        events.value.map((line) => h('li', line)),
      ),
    ]);
});

createApp(App).mount('#app');
