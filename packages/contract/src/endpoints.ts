import { z } from 'zod';
import { auditPageSchema, auditQuerySchema } from './audit.ts';
import { auditExportQuerySchema, deviceExportQuerySchema } from './export.ts';
import { okSchema, type Permission } from './common.ts';
import {
  certificatesSchema,
  complianceSyncBodySchema,
  configIdsBodySchema,
  customAttributesBodySchema,
  customAttributesResultSchema,
  deviceConfigsSchema,
  deviceDetailsSchema,
  devicePoliciesSchema,
  deviceSearchQuerySchema,
  deviceSearchResultSchema,
  fqCheckQuerySchema,
  fqCheckResultSchema,
  removeAttributesBodySchema,
} from './devices.ts';
import {
  confirmJobBodySchema,
  createJobBodySchema,
  jobItemsPageSchema,
  jobItemsQuerySchema,
  jobListQuerySchema,
  jobListSchema,
  jobSchema,
  waitingApprovalsQuerySchema,
  waitingApprovalsSchema,
} from './jobs.ts';
import { lookupQuerySchema, lookupResultSchema, userSearchQuerySchema, userSearchResultSchema } from './people.ts';
import {
  createImportBodySchema,
  importEntriesPageSchema,
  importEntriesQuerySchema,
  importSummarySchema,
} from './imports.ts';
import { createViewBodySchema, savedViewSchema, updateViewBodySchema, viewListSchema } from './views.ts';
import { webhookDeliveriesPageSchema, webhookDeliveriesQuerySchema } from './webhooks.ts';
import { loginRequestSchema, logoutResultSchema, sessionSchema, signInOptionsSchema } from './session.ts';
import {
  chooseSpaceBodySchema,
  chosenSpaceSchema,
  depProfilesSchema,
  depServersSchema,
  spacesSchema,
} from './tenant.ts';

/** Who may call: anyone, any signed-in user, or holders of a permission. */
export type Access = 'public' | 'session' | Permission;

export interface Endpoint {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express-style path under /api, e.g. /devices/:id */
  path: string;
  summary: string;
  access: Access;
  query?: z.ZodType;
  body?: z.ZodType;
  response: z.ZodType;
  /** Changes state: audited. */
  audited?: string;
  /** What the `:id` path parameter names, for the audit event's targets (default: a device). */
  subject?: 'device' | 'job' | 'view' | 'import';
  /** Answers something else than one JSON document (a stream, a file). */
  produces?: 'text/csv' | 'text/event-stream';
}

const define = <const T extends Record<string, Endpoint>>(endpoints: T): T => endpoints;

/** The BFF's HTTP API. Every route the BFF serves is one of these; each declares who may call it. */
export const endpoints = define({
  login: {
    method: 'post',
    path: '/session',
    summary: 'Sign in; sets the session cookie',
    access: 'public',
    body: loginRequestSchema,
    response: sessionSchema,
    audited: 'session.login',
  },
  getSession: {
    method: 'get',
    path: '/session',
    summary: 'The signed-in user, role, permissions and expiry',
    access: 'session',
    response: sessionSchema,
  },
  logout: {
    method: 'delete',
    path: '/session',
    summary: 'Sign out; the session ends on the server (and at the OpenID provider: `redirectTo` is its sign-out page)',
    access: 'session',
    response: logoutResultSchema,
    audited: 'session.logout',
  },
  signInOptions: {
    method: 'get',
    path: '/sign-in-options',
    summary: 'How one may sign in: the password form (LOCAL_LOGIN) and the OpenID provider, if set up',
    access: 'public',
    response: signInOptionsSchema,
  },
  openapi: {
    method: 'get',
    path: '/openapi.json',
    summary: 'This document',
    access: 'public',
    response: z.record(z.string(), z.unknown()),
  },

  searchDevices: {
    method: 'get',
    path: '/devices',
    summary: 'Search devices: free text, facet filters, time windows, sort, cursor paging, facets',
    access: 'devices:read',
    query: deviceSearchQuerySchema,
    response: deviceSearchResultSchema,
  },
  checkFq: {
    method: 'get',
    path: '/devices/fq-check',
    summary: 'Check an fq (admins): whether it parses, where not, and the fields it may name',
    access: 'devices:fq',
    query: fqCheckQuerySchema,
    response: fqCheckResultSchema,
  },
  exportDevices: {
    method: 'get',
    path: '/devices/export.csv',
    summary:
      'Every device of a view as CSV (text/csv, UTF-8 with BOM), streamed: the search query plus `columns` (fields and attr:<name>); X-Total-Count says how many rows follow',
    access: 'devices:export',
    query: deviceExportQuerySchema,
    response: z.string(),
    produces: 'text/csv',
  },
  getDevice: {
    method: 'get',
    path: '/devices/:id',
    summary: 'A device by id or GUID: every vendor field',
    access: 'devices:read',
    response: deviceDetailsSchema,
  },
  getDeviceConfigs: {
    method: 'get',
    path: '/devices/:id/configs',
    summary: 'Configurations with status',
    access: 'devices:read',
    response: deviceConfigsSchema,
  },
  getDevicePolicies: {
    method: 'get',
    path: '/devices/:id/policies',
    summary: 'Compliance policies',
    access: 'devices:read',
    response: devicePoliciesSchema,
  },
  getDeviceCertificates: {
    method: 'get',
    path: '/devices/:id/certificates',
    summary: 'Certificates',
    access: 'devices:read',
    response: certificatesSchema,
  },
  getCustomAttributes: {
    method: 'get',
    path: '/devices/:id/custom-attributes',
    summary: 'Custom attributes',
    access: 'devices:read',
    response: customAttributesResultSchema,
  },
  replaceCustomAttributes: {
    method: 'put',
    path: '/devices/:id/custom-attributes',
    summary: 'Replace all custom attributes (those not sent are deleted)',
    access: 'devices:edit',
    body: customAttributesBodySchema,
    response: customAttributesResultSchema,
    audited: 'device.attributes.replace',
  },
  mergeCustomAttributes: {
    method: 'patch',
    path: '/devices/:id/custom-attributes',
    summary: 'Add or update the attributes sent; keep the others',
    access: 'devices:edit',
    body: customAttributesBodySchema,
    response: customAttributesResultSchema,
    audited: 'device.attributes.merge',
  },
  removeCustomAttributes: {
    method: 'post',
    path: '/devices/:id/custom-attributes/remove',
    summary: 'Remove the named attributes',
    access: 'devices:edit',
    body: removeAttributesBodySchema,
    response: customAttributesResultSchema,
    audited: 'device.attributes.remove',
  },
  excludeConfigs: {
    method: 'post',
    path: '/devices/:id/configs/exclude',
    summary: 'Exclude configurations from the device',
    access: 'devices:edit',
    body: configIdsBodySchema,
    response: okSchema,
    audited: 'device.configs.exclude',
  },
  pushBackConfigs: {
    method: 'post',
    path: '/devices/:id/configs/push-back',
    summary: 'Push excluded configurations back',
    access: 'devices:edit',
    body: configIdsBodySchema,
    response: okSchema,
    audited: 'device.configs.pushBack',
  },
  reinstallConfigs: {
    method: 'post',
    path: '/devices/:id/configs/reinstall',
    summary: 'Re-install configurations',
    access: 'devices:edit',
    body: configIdsBodySchema,
    response: okSchema,
    audited: 'device.configs.reinstall',
  },
  syncCompliance: {
    method: 'post',
    path: '/devices/:id/compliance-sync',
    summary: 'Sync compliance to Intune or Google BeyondCorp',
    access: 'devices:edit',
    body: complianceSyncBodySchema,
    response: okSchema,
    audited: 'device.compliance.sync',
  },

  searchUsers: {
    method: 'get',
    path: '/users',
    summary: 'Find users (Core users API)',
    access: 'people:lookup',
    query: userSearchQuerySchema,
    response: userSearchResultSchema,
  },
  lookup: {
    method: 'get',
    path: '/lookup',
    summary: 'Helpdesk: a user by e-mail, UID or name, with all their devices',
    access: 'people:lookup',
    query: lookupQuerySchema,
    response: lookupResultSchema,
  },

  listSpaces: {
    method: 'get',
    path: '/spaces',
    summary: 'Device spaces',
    access: 'spaces:read',
    response: spacesSchema,
  },
  chooseSpace: {
    method: 'put',
    path: '/me/space',
    summary: 'Remember the space this user works in',
    access: 'session',
    body: chooseSpaceBodySchema,
    response: chosenSpaceSchema,
  },
  listDepServers: {
    method: 'get',
    path: '/dep/servers',
    summary: 'DEP servers',
    access: 'dep:read',
    response: depServersSchema,
  },
  listDepProfiles: {
    method: 'get',
    path: '/dep/servers/:id/profiles',
    summary: 'DEP profiles of a server',
    access: 'dep:read',
    response: depProfilesSchema,
  },

  listViews: {
    method: 'get',
    path: '/views',
    summary: 'Saved views the user may see (theirs and those shared with them), each with its live count for them',
    access: 'devices:read',
    response: viewListSchema,
  },
  createView: {
    method: 'post',
    path: '/views',
    summary:
      'Save a view: a name, the devices query and columns; private, or shared (optionally with a role and above)',
    access: 'devices:read',
    body: createViewBodySchema,
    response: savedViewSchema,
    audited: 'view.create',
  },
  updateView: {
    method: 'patch',
    path: '/views/:id',
    summary: 'Rename, re-share or change a view (its owner, or an admin for a shared one); pin it (anyone who sees it)',
    access: 'devices:read',
    body: updateViewBodySchema,
    response: savedViewSchema,
    audited: 'view.update',
    subject: 'view',
  },
  deleteView: {
    method: 'delete',
    path: '/views/:id',
    summary: 'Delete a view (its owner, or an admin for a shared one)',
    access: 'devices:read',
    response: okSchema,
    audited: 'view.delete',
    subject: 'view',
  },

  createImport: {
    method: 'post',
    path: '/imports',
    summary:
      'Preview a CSV import (admins): the key column identifies devices, attr:<name> and owner columns change them; nothing is sent until its jobs run',
    access: 'devices:import',
    body: createImportBodySchema,
    response: importSummarySchema,
    audited: 'import.preview',
  },
  getImport: {
    method: 'get',
    path: '/imports/:id',
    summary: 'An import preview: rows read, devices matched, entries per category, devices to change per kind',
    access: 'devices:import',
    response: importSummarySchema,
  },
  listImportEntries: {
    method: 'get',
    path: '/imports/:id/entries',
    summary: 'The preview entry by entry (changes old → new, unchanged devices, problems), in file order, paged',
    access: 'devices:import',
    query: importEntriesQuerySchema,
    response: importEntriesPageSchema,
  },
  importEntriesCsv: {
    method: 'get',
    path: '/imports/:id/entries.csv',
    summary: 'The whole preview as CSV (text/csv, UTF-8 with BOM)',
    access: 'devices:import',
    response: z.string(),
    produces: 'text/csv',
  },

  listWebhookDeliveries: {
    method: 'get',
    path: '/webhooks/deliveries',
    summary:
      'The delivery log of outgoing webhooks (admins): each event to each receiver, its attempts and last answer, newest first',
    access: 'webhooks:read',
    query: webhookDeliveriesQuerySchema,
    response: webhookDeliveriesPageSchema,
  },

  listAudit: {
    method: 'get',
    path: '/audit',
    summary: 'Activity: audit events, filtered, newest first',
    access: 'audit:read',
    query: auditQuerySchema,
    response: auditPageSchema,
  },

  exportAudit: {
    method: 'get',
    path: '/audit/export.csv',
    summary: 'The audit events its filters select, as CSV (text/csv, UTF-8 with BOM), newest first, streamed',
    access: 'audit:read',
    query: auditExportQuerySchema,
    response: z.string(),
    produces: 'text/csv',
  },
  createJob: {
    method: 'post',
    path: '/jobs',
    summary:
      'Start an action on devices: resolves and freezes the target, then runs the preflight (state preparing, then draft). Needs the action’s own permission.',
    access: 'session',
    body: createJobBodySchema,
    response: jobSchema,
    audited: 'job.requested',
  },
  listJobs: {
    method: 'get',
    path: '/jobs',
    summary: 'Jobs, newest first, filtered by state, action and requester',
    access: 'audit:read',
    query: jobListQuerySchema,
    response: jobListSchema,
  },
  getJob: {
    method: 'get',
    path: '/jobs/:id',
    summary: 'A job: state, preflight, counts per outcome',
    access: 'audit:read',
    response: jobSchema,
  },
  confirmJob: {
    method: 'post',
    path: '/jobs/:id/confirm',
    summary:
      'Confirm a draft (the requester). Destructive actions need {typed: "<action> <count>"}; above the threshold the job then waits for a second admin.',
    access: 'session',
    body: confirmJobBodySchema,
    response: jobSchema,
    audited: 'job.confirmed',
    subject: 'job',
  },
  approveJob: {
    method: 'post',
    path: '/jobs/:id/approve',
    summary: 'Approve a job waiting for approval (an admin other than the requester, within 24 h)',
    access: 'jobs:approve',
    response: jobSchema,
    audited: 'job.approved',
    subject: 'job',
  },
  cancelJob: {
    method: 'post',
    path: '/jobs/:id/cancel',
    summary: 'Cancel a job: before it runs (undo), or stop sending the rest of a running one',
    access: 'session',
    response: jobSchema,
    audited: 'job.cancelled',
    subject: 'job',
  },
  continueJob: {
    method: 'post',
    path: '/jobs/:id/continue',
    summary: 'Send the next wave of a paused or halted job (its requester, or an administrator of its space)',
    access: 'session',
    response: jobSchema,
    audited: 'job.continued',
    subject: 'job',
  },
  listJobItems: {
    method: 'get',
    path: '/jobs/:id/items',
    summary: 'Per-device outcomes, paged by device id',
    access: 'audit:read',
    query: jobItemsQuerySchema,
    response: jobItemsPageSchema,
  },
  jobItemsCsv: {
    method: 'get',
    path: '/jobs/:id/items.csv',
    summary: 'Per-device outcomes as CSV (text/csv)',
    access: 'audit:read',
    response: z.string(),
    produces: 'text/csv',
  },
  waitingApprovals: {
    method: 'get',
    path: '/approvals/waiting',
    summary:
      'How many jobs wait for your approval; with known=<n>, held open until the count differs (at most 25 s): a live count',
    access: 'jobs:approve',
    query: waitingApprovalsQuerySchema,
    response: waitingApprovalsSchema,
  },
  jobEvents: {
    method: 'get',
    path: '/jobs/:id/events',
    summary: 'Server-sent events (text/event-stream): a "job" event with the job on every change, until it ends',
    access: 'audit:read',
    response: jobSchema,
    produces: 'text/event-stream',
  },
});

export type EndpointName = keyof typeof endpoints;
/** Every endpoint's name (Object.keys cannot know that the table has exactly these keys). */
export const ENDPOINT_NAMES = Object.keys(endpoints) as [EndpointName, ...EndpointName[]];
