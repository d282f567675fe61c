// A Zendesk ticket-form condition whose parent is the system Type field becomes a condition on the
// ticket type (`dependsOn: {field: type}`), which `--type` and the wizard's type question drive.
import { describe, expect, it } from 'vitest';
import { FieldCatalog, categoryFromForm, type ZdForm } from '../../../../src/backends/zendesk/fields.js';
import { isVisible, validateFields } from '../../../../src/forms/validate.js';

const catalog = new FieldCatalog([
  { id: 10, type: 'tickettype', title: 'Type', active: true },
  { id: 20, type: 'integer', title: 'Users affected', active: true, visible_in_portal: true, editable_in_portal: true },
  { id: 30, type: 'text', title: 'Tenant', active: true, visible_in_portal: true, editable_in_portal: true },
] as never);

const form: ZdForm = {
  id: 7,
  name: 'CoreView',
  ticket_field_ids: [10, 30, 20],
  agent_conditions: [{ parent_field_id: 10, value: 'problem', child_fields: [{ id: 20, is_required: true }] }] as never,
};

describe('Zendesk: conditions on the ticket type', () => {
  it('maps to dependsOn type (problem → incident), shown and required only for that type', () => {
    const cat = categoryFromForm(form, catalog, 'agent');
    const users = cat.fields.find((f) => f.label === 'Users affected')!;
    expect(users.dependsOn).toEqual({ field: 'type', values: ['incident'] });
    expect(users.required).toBe(true);
    expect(cat.fields.map((f) => f.label)).toEqual(['Tenant', 'Users affected']);
    expect(isVisible(users, {}, 'incident')).toBe(true);
    expect(isVisible(users, {}, 'question')).toBe(false);
    expect(() => validateFields(cat, [], 'incident')).toThrow(/Users affected is required/);
    expect(validateFields(cat, [], 'question')).toEqual({});
    expect(() => validateFields(cat, [['Users affected', '3']], 'question')).toThrow('Users affected applies only to tickets of type incident.');
  });
});
