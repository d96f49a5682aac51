/**
 * Where a payer who did not see MTN's approval prompt finds the requests waiting on their phone:
 * the MoMo USSD menu, whose approvals list holds every pending request to pay. Only where the
 * market's menu is published: MTN Uganda's MoMo menu is *165# (MTN Uganda's own pages); MTN
 * Ghana's is *170#, "My Wallet" → "My Approvals" (as payment integrators there describe it).
 * Elsewhere none is given rather than a guess.
 */
const APPROVALS_CODE_BY_ENVIRONMENT: Readonly<Record<string, string>> = {
  mtnuganda: '*165#',
  mtnghana: '*170#',
};

export const approvalsCodeFor = (targetEnvironment: string): string | undefined => APPROVALS_CODE_BY_ENVIRONMENT[targetEnvironment];
