import type { CreateJobRequest } from '@mdm-console/contract';
import { api } from '../../../lib/api-client.ts';

/** Starts a job: the BFF freezes the target and answers the preflight (or the job still preparing). */
export const createJob = (body: CreateJobRequest) => api.createJob({ body });
