// What the README does not document is not part of the package's API.
// @ts-expect-error internal
import { StatusFollower } from 'momo-checkout';
// @ts-expect-error internal
import { decodeToken } from 'momo-checkout';
// @ts-expect-error internal
import { PayController } from 'momo-checkout';

export { decodeToken, PayController, StatusFollower };
