import { describe, expect, it } from 'vitest';
import { fillTemplate, firstName, lastName } from '../../../lib/recommend/fill-template';

const dana = { first_name: 'Dana', last_name: 'Whitfield', company: 'Northwind Logistics', title: 'VP Finance', rep_name: 'Sam Rivera' };

describe('fillTemplate', () => {
  const cases: { name: string; body: string; values: Parameters<typeof fillTemplate>[1]; text: string; missing: string[] }[] = [
    { name: 'fills every known variable', body: 'Hi {{first_name}} {{last_name}} at {{company}} ({{title}}) — {{rep_name}}', values: dana, text: 'Hi Dana Whitfield at Northwind Logistics (VP Finance) — Sam Rivera', missing: [] },
    { name: 'tolerates spaces and capitals inside the braces', body: 'Hi {{ first_name }}, {{  Company}}', values: dana, text: 'Hi Dana, Northwind Logistics', missing: [] },
    { name: 'greets "there" when the first name is unknown', body: 'Hi {{first_name}},', values: {}, text: 'Hi there,', missing: ['first_name'] },
    { name: 'says "your team" when the company is unknown', body: 'teams like {{company}} find', values: { company: '  ' }, text: 'teams like your team find', missing: ['company'] },
    { name: 'says "your role" when the title is unknown', body: 'As {{title}}, you', values: {}, text: 'As your role, you', missing: ['title'] },
    { name: 'drops a missing last name without leaving a stray space', body: 'Hi {{first_name}} {{last_name}}, hello', values: { first_name: 'Dana' }, text: 'Hi Dana, hello', missing: ['last_name'] },
    { name: 'a missing rep name leaves no dangling blank lines', body: 'Thanks,\n\n{{rep_name}}', values: {}, text: 'Thanks,', missing: ['rep_name'] },
    { name: 'removes and reports an unknown variable', body: 'Your {{deal_size}} deal', values: dana, text: 'Your deal', missing: ['deal_size'] },
    { name: 'reports each missing variable once, in order of use', body: '{{company}} {{first_name}} {{company}}', values: {}, text: 'your team there your team', missing: ['company', 'first_name'] },
    { name: 'triple braces leave single braces, never {{', body: 'x {{{first_name}}} y', values: dana, text: 'x {Dana} y', missing: [] },
    { name: 'nested braces resolve from the inside out', body: 'a {{ b {{first_name}} }} c', values: dana, text: 'a c', missing: ['b_dana'] },
    { name: 'empty braces disappear', body: 'a {{}} b', values: dana, text: 'a b', missing: ['(empty)'] },
    { name: 'a value that looks like a variable is inserted as plain text', body: 'Hi {{first_name}}', values: { first_name: '{{company}}' }, text: 'Hi company', missing: [] },
    { name: 'a bidi override in the company name cannot flip the email', body: 'At {{company}}.', values: { company: 'Kestrel \u202EHealth Systems' }, text: 'At Kestrel Health Systems.', missing: [] },
    { name: 'HTML in a value stays literal text', body: 'Hi {{first_name}}', values: { first_name: '<img src=x onerror=alert(1)>' }, text: 'Hi <img src=x onerror=alert(1)>', missing: [] },
    { name: 'unclosed braces are left alone: they are not a variable', body: 'Hi {{first_name', values: dana, text: 'Hi {{first_name', missing: [] },
    { name: 'an empty body stays empty', body: '', values: {}, text: '', missing: [] },
  ];

  it.each(cases)('$name', ({ body, values, text, missing }) => {
    const result = fillTemplate(body, values);
    expect(result.text).toBe(text);
    expect(result.missing).toEqual(missing);
    expect(result.text).not.toMatch(/\{\{[^{}]*\}\}/);
  });

  it('tells known-but-empty apart from unknown variables', () => {
    expect(fillTemplate('{{first_name}} {{nickname}}', {})).toMatchObject({ missing: ['first_name', 'nickname'], unknown: ['nickname'] });
  });

  it('never leaves {{…}} whatever the brace soup', () => {
    const soups = ['{{{{first_name}}}}', '{{a}}{{b}}}}{{', '{{\n}}', '}}{{x}}{{', '{{'.repeat(50) + 'x' + '}}'.repeat(50)];
    for (const soup of soups) expect(fillTemplate(soup, dana).text).not.toMatch(/\{\{[^{}]*\}\}/);
  });

  it('fills the demo finance opener for Dana', () => {
    const body = 'Hi {{first_name}},\n\nAs {{title}} at {{company}}…\n\n{{rep_name}}';
    expect(fillTemplate(body, dana).text).toBe('Hi Dana,\n\nAs VP Finance at Northwind Logistics…\n\nSam Rivera');
  });
});

describe('firstName / lastName', () => {
  it.each([
    ['Dana Whitfield', 'Dana', 'Whitfield'],
    ['  Dana   Whitfield ', 'Dana', 'Whitfield'],
    ['Whitfield, Dana', 'Dana', 'Whitfield'],
    ['Dr. Dana Whitfield', 'Dana', 'Whitfield'],
    ['Marcus Oyelaran Jr.', 'Marcus', 'Oyelaran'],
    ['Ana Da Silva', 'Ana', 'Da Silva'],
    ['Jan van der Berg', 'Jan', 'van der Berg'],
    ["Niamh O'Brien", 'Niamh', "O'Brien"],
    ['Cher', 'Cher', undefined],
    ['', undefined, undefined],
    [undefined, undefined, undefined],
    ['dana@northwind-logistics.com', undefined, undefined],
    ['Dr.', 'Dr.', undefined],
  ] as const)('%j → first %j, last %j', (name, first, last) => {
    expect(firstName(name)).toBe(first);
    expect(lastName(name)).toBe(last);
  });
});
