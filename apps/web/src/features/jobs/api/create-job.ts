import { jobSchema, type CreateJobBody } from '@mdm-console/contract';
import { apiRequest } from '../../../lib/api-client.ts';

/** Starts a job: the BFF freezes the target and answers the preflight (or the job still preparing). */
export const createJob = (body: CreateJobBody) => apiRequest('/jobs', jobSchema, { method: 'POST', body });
