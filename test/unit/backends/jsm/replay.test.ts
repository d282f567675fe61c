// The JSM adapter against documented servicedeskapi payloads (the example shapes of Atlassian's REST
// reference: request type fields, a customer request with `{iso8601, epochMillis}` dates, an error
// body) through undici's MockAgent: what is sent, and how the answers are read. Plus the mapping
// tables as plain functions.
import { describe, expect, it } from 'vitest';
import { createJsmBackend } from '../../../../src/backends/jsm/index.js';
import { mapStatus, utc, mapPriority } from '../../../../src/backends/jsm/mapping.js';
import { kindOf, decodeValues } from '../../../../src/backends/jsm/fields.js';
import { requestStatus } from '../../../../src/backends/jsm/tickets.js';
import type { Profile } from '../../../../src/config/profile.js';
import { backendContext } from '../../../helpers/context.js';
import { mockServer } from '../../../helpers/mock-server.js';

const ORIGIN = 'https://your-domain.atlassian.net';
const BASIC = 'Basic ' + Buffer.from('fred@example.com:s3cret').toString('base64');
let mock: ReturnType<typeof mockServer> | null = null;

function jsm(profile: Partial<Profile> = {}) {
  const m = mockServer(ORIGIN);
  mock = m;
  return createJsmBackend(backendContext({ backend: 'jsm', url: `${ORIGIN}/`, user: 'fred@example.com', token: 's3cret', serviceDeskId: '28', ...profile }, { dispatcher: m.agent }));
}

const page = (values: unknown[]) => ({ size: values.length, start: 0, limit: 50, isLastPage: true, values, _links: {} });

// The shape of Atlassian's example for GET /servicedesk/{id}/requesttype/{id}/field.
const FIELDS = {
  canAddRequestParticipants: true,
  canRaiseOnBehalfOf: true,
  requestTypeFields: [
    { defaultValues: [], description: 'Enter details of the problem', fieldId: 'summary', jiraSchema: { system: 'summary', type: 'string' }, name: 'What is the problem?', required: true, validValues: [], visible: true },
    {
      defaultValues: [],
      description: 'Tell us the region',
      fieldId: 'customfield_10101',
      jiraSchema: { custom: 'com.atlassian.jira.plugin.system.customfieldtypes:cascadingselect', customId: 10101, type: 'option-with-child' },
      name: 'Region',
      required: true,
      validValues: [
        { children: [{ children: [], label: 'Sydney', value: '10201' }], label: 'Australia', value: '10200' },
        { children: [], label: 'Other', value: '10300' },
      ],
      visible: true,
    },
    { defaultValues: [], description: '', fieldId: 'customfield_10102', jiraSchema: { custom: 'com.atlassian.jira.plugin.system.customfieldtypes:multicheckboxes', customId: 10102, items: 'option', type: 'array' }, name: 'Affected', required: false, validValues: [{ value: '1', label: 'Web', children: [] }, { value: '2', label: 'Mobile', children: [] }], visible: true },
    { defaultValues: [], description: '', fieldId: 'duedate', jiraSchema: { system: 'duedate', type: 'date' }, name: 'Due date', required: false, validValues: [], visible: true },
  ],
};

// The shape of Atlassian's example customer request.
const REQUEST = {
  _expands: ['participant', 'status', 'sla', 'requestType', 'serviceDesk', 'attachment', 'action', 'comment'],
  issueId: '107001',
  issueKey: 'HELPDESK-1',
  requestTypeId: '25',
  serviceDeskId: '10',
  createdDate: { epochMillis: 1444290120000, friendly: 'Monday 14:02 PM', iso8601: '2015-10-08T14:02:00+0700', jira: '2015-10-08T14:02:00.000+0700' },
  reporter: { accountId: 'qm:a713c8ea-1075-4e30-9d96-891a7d181739:5ad6d3581db05e2a66fa80b', emailAddress: 'fred@example.com', displayName: 'Fred F. User', active: true },
  requestFieldValues: [
    { fieldId: 'summary', label: 'What do you need?', value: 'Request JSD help via REST' },
    { fieldId: 'description', label: 'Why do you need this?', value: 'I need a new *mouse* for my Mac', renderedValue: { html: '<p>I need a new <b>mouse</b> for my Mac</p>' } },
    { fieldId: 'customfield_10101', label: 'Region', value: { value: 'Australia', id: '10200', child: { value: 'Sydney', id: '10201' } } },
  ],
  currentStatus: { status: 'Waiting for Support', statusCategory: 'NEW', statusDate: { iso8601: '2015-10-08T14:05:00+0700', jira: '2015-10-08T14:05:00.000+0700', friendly: 'Today 14:05 PM', epochMillis: 1444287900000 } },
  _links: { jiraRest: `${ORIGIN}/rest/api/2/issue/107001`, web: `${ORIGIN}/servicedesk/customer/portal/10/HELPDESK-1`, self: `${ORIGIN}/rest/servicedeskapi/request/107001` },
};

describe('JSM against documented payloads', () => {
  it('reads a request type: cascading select as parent + child with optionsByParent, checkboxes as multiselect', async () => {
    const backend = jsm();
    mock!.expect('GET', '/rest/servicedeskapi/servicedesk/28', { status: 200, json: { id: '28', projectId: '11001', projectName: 'IT Help Desk', projectKey: 'ITH' } });
    mock!.expect('GET', '/rest/servicedeskapi/servicedesk/28/requesttype', { status: 200, json: page([{ id: '25', name: 'Get IT Help', description: 'Get IT Help', helpText: 'Please tell us clearly the problem you have within 100 words.', serviceDeskId: '28', groupIds: ['12'] }]) });
    mock!.expect('GET', '/rest/servicedeskapi/servicedesk/28/requesttypegroup', { status: 200, json: page([{ id: '12', name: 'Common Requests' }]) });
    mock!.expect('GET', '/rest/servicedeskapi/servicedesk/28/requesttype/25/field', { status: 200, json: FIELDS });
    const [cat] = await backend.listCategories();
    expect(cat).toMatchObject({ id: '25', name: 'Get IT Help', description: 'Common Requests — Get IT Help' });
    expect(cat.fields).toEqual([
      expect.objectContaining({ key: 'customfield_10101', type: 'select', required: true, options: ['Australia', 'Other'] }),
      expect.objectContaining({ key: 'customfield_10101.child', type: 'select', required: false, dependsOn: { field: 'customfield_10101', values: ['Australia'] }, optionsByParent: { Australia: ['Sydney'] } }),
      expect.objectContaining({ key: 'customfield_10102', type: 'multiselect', options: ['Web', 'Mobile'] }),
      expect.objectContaining({ key: 'duedate', type: 'date' }),
    ]);
    expect(mock!.sent[0].headers.authorization).toBe(BASIC);
  });

  it('maps a customer request: key as id, status from its category, dates in UTC Z, cascading value decoded', async () => {
    const backend = jsm();
    mock!.expect('GET', '/rest/servicedeskapi/request/HELPDESK-1', { status: 200, json: REQUEST });
    const t = await backend.getTicket('HELPDESK-1');
    expect(t).toMatchObject({
      id: 'HELPDESK-1',
      url: `${ORIGIN}/servicedesk/customer/portal/10/HELPDESK-1`,
      subject: 'Request JSD help via REST',
      status: 'new',
      backendStatus: 'Waiting for Support',
      priority: 'normal',
      category: '25',
      requester: { name: 'Fred F. User', email: 'fred@example.com' },
      fields: { customfield_10101: 'Australia', 'customfield_10101.child': 'Sydney' },
      createdAt: '2015-10-08T07:42:00Z',
    });
    expect(mock!.sent[0].query.get('expand')).toBe('participant');
  });

  it('turns the servicedeskapi error body into a validation error naming the message', async () => {
    const backend = jsm();
    mock!.expect('POST', '/rest/servicedeskapi/request/HELPDESK-1/comment', { status: 400, json: { errorMessage: 'The comment body is required.', i18nErrorMessage: { i18nKey: 'sd.comment.body.required', parameters: [] } } });
    await expect(backend.reply('HELPDESK-1', { body: ' ', attachments: [], public: true })).rejects.toMatchObject({ code: 'validation', exitCode: 2, message: /The comment body is required/, data: { i18nKey: 'sd.comment.body.required' } });
  });

  it('a Data Center personal access token goes as Bearer to /rest/api/2', async () => {
    const backend = jsm({ user: undefined, tokenType: 'pat', token: 'pat-token' });
    mock!.expect('GET', '/rest/api/2/myself', { status: 200, json: { name: 'fred', emailAddress: 'fred@example.com', displayName: 'Fred' } });
    expect(await backend.whoami()).toEqual({ name: 'Fred', email: 'fred@example.com' });
    expect(mock!.sent[0].headers.authorization).toBe('Bearer pat-token');
  });

  it('a token without a user is a configuration error, before anything is sent', async () => {
    const backend = jsm({ user: undefined });
    await expect(backend.whoami()).rejects.toMatchObject({ code: 'config', exitCode: 4, message: /token but no user/ });
  });
});

describe('JSM mapping tables', () => {
  it('status category first, then the status name', () => {
    const rows: [string, string, string][] = [
      ['Waiting for support', 'NEW', 'new'],
      ['Open', 'new', 'new'],
      ['In Progress', 'INDETERMINATE', 'open'],
      ['En cours', 'indeterminate', 'open'],
      ['Waiting for customer', 'INDETERMINATE', 'pending'],
      ['Pending', 'INDETERMINATE', 'on-hold'],
      ['Waiting for third party', 'INDETERMINATE', 'on-hold'],
      ['Resolved', 'DONE', 'solved'],
      ['Done', 'done', 'solved'],
      ['Closed', 'DONE', 'closed'],
      ['Canceled', 'DONE', 'closed'],
      ['Something', 'UNDEFINED', 'open'],
    ];
    for (const [name, cat, want] of rows) expect(mapStatus(name, cat), `${name}/${cat}`).toBe(want);
  });

  it('priorities, dates, servicedeskapi status filters, field kinds', () => {
    expect([mapPriority({ name: 'Highest' }), mapPriority({ name: 'High' }), mapPriority({ name: 'Medium' }), mapPriority({ name: 'Lowest' }), mapPriority(null)]).toEqual(['urgent', 'high', 'normal', 'low', 'normal']);
    expect(utc({ iso8601: '2026-11-23T11:00:00+0100' })).toBe('2026-11-23T10:00:00Z');
    expect(utc({ epochMillis: Date.UTC(2026, 10, 23, 10) })).toBe('2026-11-23T10:00:00Z');
    expect(requestStatus(['solved', 'closed'])).toBe('CLOSED_REQUESTS');
    expect(requestStatus(['new', 'pending'])).toBe('OPEN_REQUESTS');
    expect(requestStatus(['open', 'solved'])).toBe('ALL_REQUESTS');
    expect(kindOf({ fieldId: 'labels', name: 'Labels', required: false, jiraSchema: { type: 'array', items: 'string', system: 'labels' } })).toBe('strings');
    expect(decodeValues([{ fieldId: 'customfield_1', value: [{ value: 'Web' }, { value: 'Mobile' }] }, { fieldId: 'customfield_2', value: 3 }])).toEqual({ customfield_1: ['Web', 'Mobile'], customfield_2: 3 });
  });
});
