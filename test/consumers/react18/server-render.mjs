// Server rendering under React 18: the wrapper's hooks run on the React that react-dom 18 renders
// with (a second React would throw "Invalid hook call"), and the output holds the tag.
import assert from 'node:assert/strict';
import { MomoCheckout } from 'momo-checkout/react';
import { createElement, version } from 'react';
import { renderToString } from 'react-dom/server';

assert.match(version, /^18\./, `React ${version} is installed, not 18`);
const html = renderToString(createElement(MomoCheckout, { token: 'a.b.c', theme: 'dark', onPaid: (event) => event.detail.status }));
assert.ok(html.includes('<momo-checkout'), `renderToString gave ${html}`);
