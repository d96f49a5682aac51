// The few mocha globals these tests use (@web/test-runner runs mocha in the page). Replace
// with @types/mocha if it is ever added to devDependencies.
type MochaDone = (error?: unknown) => void;
type MochaFn = (this: { timeout(ms: number): void }, done: MochaDone) => unknown;
declare function describe(title: string, body: () => void): void;
declare function it(title: string, body: MochaFn): void;
declare function before(body: MochaFn): void;
declare function after(body: MochaFn): void;
declare function beforeEach(body: MochaFn): void;
declare function afterEach(body: MochaFn): void;
