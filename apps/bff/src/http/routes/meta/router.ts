import { openApiDocument } from '@mdm-console/contract';
import type { Router } from 'express';
import type { Services } from '../../../composition.ts';
import { mount } from '../../endpoint.ts';

export function metaRoutes(router: Router, { audit }: Services): void {
  const document = openApiDocument();
  mount(router, 'openapi', () => document, audit);
}
