import { z } from 'zod';

// The page's CSP forbids eval, so zod cannot compile its parsers here anyway; without this it would still probe
// `new Function`, and the browser reports that caught probe as a CSP violation. Imported first by the API client, before
// any schema is built (zod reads the setting when a schema is created).
z.config({ jitless: true });
