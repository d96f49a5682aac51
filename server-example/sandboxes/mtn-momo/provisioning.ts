/**
 * Sandbox provisioning (`/v1_0/apiuser…`) and the collection token (`/collection/token/`).
 * See docs/providers.md, "MTN MoMo", "Auth and headers".
 */
import { Hono, type Handler } from 'hono';
import { parseBasic, safeEqual } from './auth';
import { badRequest, ERRORS, reply } from './errors';
import { TOKEN_TTL_S, type SandboxState } from './state';
import { CreateApiUserSchema, describeIssues, readJson, UUID_V4 } from './wire';

type Log = (msg: string, fields?: Record<string, unknown>) => void;

/** Mounted at `/v1_0`. */
export function createProvisioningApi(state: SandboxState, log: Log): Hono {
  const api = new Hono();

  api.post('/apiuser', async (c) => {
    const referenceId = c.req.header('X-Reference-Id');
    if (!referenceId || !UUID_V4.test(referenceId)) {
      return reply(c, badRequest('X-Reference-Id header must be a UUID version 4.'));
    }
    const json = await readJson(c.req.raw);
    if (!json.ok) return reply(c, badRequest('Request body must be JSON.'));
    const body = CreateApiUserSchema.safeParse(json.value);
    if (!body.success) return reply(c, badRequest(describeIssues(body.error)));
    if (!state.createUser(referenceId, body.data.providerCallbackHost)) return reply(c, ERRORS.alreadyExists);
    log('mtn-momo sandbox: api user created', { apiUser: referenceId });
    return c.body(null, 201);
  });

  api.post('/apiuser/:apiUser/apikey', (c) => {
    const user = state.getUser(c.req.param('apiUser'));
    if (!user) return reply(c, ERRORS.notFound);
    return c.json({ apiKey: state.createApiKey(user) }, 201);
  });

  api.get('/apiuser/:apiUser', (c) => {
    const user = state.getUser(c.req.param('apiUser'));
    if (!user) return reply(c, ERRORS.notFound);
    return c.json({ providerCallbackHost: user.providerCallbackHost, targetEnvironment: 'sandbox' });
  });

  return api;
}

/** Mounted at `/collection`. The body (none, form or JSON grant_type) is ignored, as MTN does. */
export function createTokenApi(state: SandboxState, log: Log): Hono {
  const api = new Hono();

  const issueToken: Handler = (c) => {
    const credentials = parseBasic(c.req.header('Authorization'));
    const user = credentials && state.getUser(credentials.user);
    if (!credentials || !user?.apiKey || !safeEqual(user.apiKey, credentials.key)) {
      return reply(c, ERRORS.loginFailed);
    }
    log('mtn-momo sandbox: token issued', { apiUser: user.id });
    return c.json({ access_token: state.issueToken(user), token_type: 'access_token', expires_in: TOKEN_TTL_S });
  };
  // MTN documents the trailing slash; clients that drop it get the same answer.
  api.post('/token/', issueToken);
  api.post('/token', issueToken);

  return api;
}
