import { z } from 'zod';

export const helpdeskSearchSchema = z.object({ q: z.string().max(254).default('').catch('') });
