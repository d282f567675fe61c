// RT custom-field patterns (Perl) as JavaScript regexes that accept and refuse the same values.
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../../src/errors.js';
import { convertPerlPattern } from '../../../../src/backends/rt/pattern.js';
import { priorityFromRt, statusFromRt, statusToRt, ticketSql } from '../../../../src/backends/rt/mapping.js';

const re = (perl: string) => {
  const c = convertPerlPattern(perl);
  expect(c.source).not.toBeNull();
  return new RegExp(c.source!, 'u');
};

describe('convertPerlPattern', () => {
  it('strips (?#...) comments, keeps their text as the hint, and reads (?#Mandatory) as required', () => {
    const c = convertPerlPattern('(?#Mandatory 4-10 digits)^[0-9]{4,10}$');
    expect(c).toMatchObject({ comment: 'Mandatory 4-10 digits', required: true });
    const r = new RegExp(c.source!, 'u');
    expect(['1234', '0123456789'].map((v) => r.test(v))).toEqual([true, true]);
    expect(['123', '12345678901', '12ab', '', ' 1234'].map((v) => r.test(v))).toEqual([false, false, false, false, false]);
    expect(convertPerlPattern('(?#Mandatory).')).toMatchObject({ source: '.', required: true });
  });

  it('is required when the pattern refuses the empty value, optional otherwise', () => {
    expect(convertPerlPattern('^\\d+$').required).toBe(true);
    expect(convertPerlPattern('^\\d*$').required).toBe(false);
    expect(convertPerlPattern('').required).toBe(false);
    expect(convertPerlPattern(null).source).toBeNull();
  });

  it('translates Perl-only syntax: \\A \\z, (?i), POSIX classes, \\Q..\\E, identity escapes, possessives', () => {
    expect(re('\\A\\d{3}\\z').test('123')).toBe(true);
    expect(re('\\A\\d{3}\\z').test('1234')).toBe(false);
    const ci = re('(?i)^ab-[a-c]+$');
    expect(['AB-cA', 'ab-abc'].every((v) => ci.test(v))).toBe(true);
    expect(ci.test('AB-d')).toBe(false);
    expect(re('^[[:digit:]]{2}[[:alpha:]]$').test('12x')).toBe(true);
    expect(re('^[[:digit:]]{2}[[:alpha:]]$').test('123')).toBe(false);
    expect(re('^\\Q1+1\\E$').test('1+1')).toBe(true);
    expect(re('^\\Q1+1\\E$').test('11')).toBe(false);
    expect(re('^[^@]+\\@example\\.com$').test('a@example.com')).toBe(true);
    expect(re('^\\d++$').test('42')).toBe(true);
    expect(re('^a{b$').test('a{b')).toBe(true);
    expect(re('^\\h*x$').test('\t x')).toBe(true);
  });
});

describe('RT statuses, priorities and TicketSQL', () => {
  it('maps the default lifecycle and keeps close = resolved, reopen = open', () => {
    expect(['new', 'open', 'stalled', 'resolved', 'rejected', 'deleted'].map(statusFromRt)).toEqual([
      'new',
      'open',
      'on-hold',
      'solved',
      'closed',
      'closed',
    ]);
    expect(statusToRt('solved')).toBe('resolved');
    // RT has no pending nor a closed distinct from resolved: refused (exit 2), never turned into another.
    expect(() => statusToRt('closed')).toThrow(/RT has no status "closed"[\s\S]*/);
    expect(() => statusToRt('pending')).toThrow(ValidationError);
    expect(statusToRt('on-hold')).toBe('stalled');
    expect(statusToRt('open')).toBe('open');
  });

  it('reads numeric priorities and PriorityAsString labels', () => {
    expect(['0', '50', '100', '150', 'Low', 'Medium', 'High'].map(priorityFromRt)).toEqual([
      'low',
      'normal',
      'high',
      'urgent',
      'low',
      'normal',
      'high',
    ]);
  });

  it('builds TicketSQL with quoted values and passes --query through', () => {
    const sql = ticketSql(
      { status: ['open', 'solved'], category: 'DMS', search: "l'écran", mine: true, limit: 10, sort: 'created', query: "Priority > 10" },
      { contentSearch: true },
    );
    expect(sql).toBe(
      "(Priority > 10) AND (Status = 'open' OR Status = 'resolved') AND Queue = 'DMS' AND Requestor.id = '__CurrentUser__' AND (Subject LIKE 'l\\'écran' OR Content LIKE 'l\\'écran')",
    );
    expect(ticketSql({ limit: 0, sort: 'created' }, { contentSearch: true })).toBe('id > 0');
    expect(ticketSql({ since: '2026-11-01T00:00:00Z', limit: 0, sort: 'updated' }, { contentSearch: false })).toBe(
      "LastUpdated >= '2026-11-01 00:00:00'",
    );
  });
});
