// What other features may use of auth: the signed-in session. Lint lets features import one another only here.
export { sessionQueryOptions, useSession } from './api/get-session.ts';
