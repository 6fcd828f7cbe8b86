// When a destroy should try again: AWS refuses to delete something while another thing still holds
// it (a subnet with a load balancer's network interfaces, a security group a task still uses), and
// lets go a minute or two later. Any other failure is reported at once.

const DEPENDENCY_ERRORS = [
  /DependencyViolation/,
  /has dependencies and cannot be deleted/i,
  /ResourceInUse/,
  /is currently in use/i,
  /InvalidDBClusterStateFault|InvalidDBSubnetGroupStateFault/,
  /WAFAssociatedItemException/,
  /Target group .* is currently in use by a listener/i,
];

export const isDependencyError = (message: string) => DEPENDENCY_ERRORS.some((pattern) => pattern.test(message));

/** Pauses before each retry of a destroy that hit a dependency error; then it is reported. */
export const DESTROY_RETRY_PAUSES_MS = [30_000, 60_000, 120_000] as const;
