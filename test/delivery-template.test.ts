import { describe, expect, it } from 'vitest';
import {
  TemplateError,
  listPlaceholders,
  renderHeaderValue,
  renderJsonBody,
  renderUrl,
  validateTemplate,
  type TemplateContext,
} from '../src/delivery/template.ts';

function ctxWith(data: unknown): TemplateContext {
  return {
    event: { id: 'evt_1', type: 'order.created', time: '2025-01-02T03:04:05.000Z' },
    webhook: { id: 'wh_1', name: 'Orders "main"' },
    application: { id: 'app_1', name: 'Shop' },
    data,
  };
}

// Values chosen to break naive string concatenation in each output position.
const hostile: Array<[string, unknown]> = [
  ['double quote', 'say "hi"'],
  ['quote-brace breakout', '"}, "admin": true, "x": {"'],
  ['backslash', 'C:\\path\\'],
  ['trailing backslash', 'end\\'],
  ['CRLF', 'line1\r\nX-Injected: yes'],
  ['NUL and controls', 'a\u0000b\u0007c\u001bd'],
  ['script close', '</script><script>alert(1)</script>'],
  ['unicode', 'Zoë 日本語 🎉 \u2028\u2029'],
  ['lone surrogate', 'x\uD800y'],
  ['placeholder lookalike', '{{data.secret}}'],
  ['nested object', { a: { b: ['x', '"', { c: null }] }, n: 1.5 }],
  ['array', [1, 'two', null, false]],
  ['number', 42.5],
  ['negative zero-ish', -0.001],
  ['boolean', false],
  ['null', null],
  ['empty string', ''],
];

describe('renderJsonBody', () => {
  for (const [name, value] of hostile) {
    it(`keeps the body valid and round-trips: ${name}`, () => {
      const ctx = ctxWith({ v: value, user: { id: value } });
      const template =
        '{"inString": "{{data.v}}", "prefixed": "id={{ data.v }}!", "raw": {{data.v}}, ' +
        '"{{data.user.id}}": 1, "nested": {"arr": [{{data.user.id}}, "{{data.v}}"]}, "all": {{data}}}';
      const parsed = JSON.parse(renderJsonBody(template, ctx)) as Record<string, unknown>;

      const asText =
        value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
      // JSON.parse turns an escaped lone surrogate back into the same lone surrogate.
      expect(parsed['inString']).toBe(asText);
      expect(parsed['prefixed']).toBe(`id=${asText}!`);
      expect(parsed['raw']).toEqual(value);
      expect(Object.hasOwn(parsed, asText)).toBe(true);
      expect(parsed['nested']).toEqual({ arr: [value, asText] });
      expect(parsed['all']).toEqual({ v: value, user: { id: value } });
      expect(parsed['admin']).toBeUndefined();
    });
  }

  it('renders missing paths as "" inside strings and null elsewhere', () => {
    const out = renderJsonBody(
      '{"a": "{{data.nope.deeper}}", "b": {{data.nope}}, "c": {{application.name}}, "d": "{{webhook.name}}"}',
      { ...ctxWith({}), application: null, webhook: { id: 'wh', name: null } },
    );
    expect(JSON.parse(out)).toEqual({ a: '', b: null, c: null, d: '' });
  });

  it('fills event, webhook and application fields and array indices', () => {
    const out = renderJsonBody(
      '{"id":"{{event.id}}","type":"{{event.type}}","time":"{{event.time}}","wh":"{{webhook.id}}",' +
        '"name":"{{webhook.name}}","app":{{application}},"appId":"{{application.id}}","sku":"{{data.items.1.sku}}"}',
      ctxWith({ items: [{ sku: 'A' }, { sku: 'B' }] }),
    );
    expect(JSON.parse(out)).toEqual({
      id: 'evt_1',
      type: 'order.created',
      time: '2025-01-02T03:04:05.000Z',
      wh: 'wh_1',
      name: 'Orders "main"',
      app: null, // `application` alone is not a valid path
      appId: 'app_1',
      sku: 'B',
    });
  });

  it('does not follow prototype properties', () => {
    const out = renderJsonBody('{"a": {{data.constructor}}, "b": "{{data.__proto__}}", "c": {{data.items.length}}}', ctxWith({ items: [1] }));
    expect(JSON.parse(out)).toEqual({ a: null, b: '', c: null });
  });

  it('keeps literal braces in the template and escaped quotes before placeholders', () => {
    const out = renderJsonBody('{"a": {"b": {"c": {{data.v}}}}, "q": "\\"{{data.s}}\\""}', ctxWith({ v: 1, s: 'x"y' }));
    expect(JSON.parse(out)).toEqual({ a: { b: { c: 1 } }, q: '"x"y"' });
  });

  it('throws TemplateError for a template that is not JSON', () => {
    expect(() => renderJsonBody('{"a": {{data.v}}', ctxWith({ v: 1 }))).toThrow(TemplateError);
    expect(() => renderJsonBody('{"a": {{data.v}} {{data.v}}}', ctxWith({ v: 1 }))).toThrow(TemplateError);
    // A placeholder right after a backslash would let the value complete the escape sequence.
    expect(() => renderJsonBody('{"a": "\\{{data.v}}"}', ctxWith({ v: 'n' }))).toThrow(TemplateError);
  });

  it('renders bigint values instead of throwing', () => {
    expect(JSON.parse(renderJsonBody('{"a": {{data.v}}, "b": "{{data.v}}"}', ctxWith({ v: 12n })))).toEqual({ a: '12', b: '12' });
  });
});

describe('renderHeaderValue', () => {
  for (const [name, value] of hostile) {
    it(`produces a single-line printable ASCII value: ${name}`, () => {
      const out = renderHeaderValue('Bearer {{data.v}}; id={{event.id}}', ctxWith({ v: value }));
      expect(out).toMatch(/^[\x20-\x7e]*$/);
      expect(out.startsWith('Bearer ')).toBe(true);
      expect(out.endsWith('; id=evt_1')).toBe(true);
    });
  }

  it('strips CR/LF so no header can be injected', () => {
    const out = renderHeaderValue('{{data.v}}', ctxWith({ v: 'ok\r\nSet-Cookie: a=b\r\n\r\nbody' }));
    expect(out).toBe('okSet-Cookie: a=bbody');
  });

  it('renders objects as compact JSON and missing paths as empty', () => {
    expect(renderHeaderValue('{{data.o}}|{{data.missing}}|{{webhook.name}}', ctxWith({ o: { a: [1, 'b'] } }))).toBe(
      '{"a":[1,"b"]}||Orders "main"',
    );
  });

  it('percent-encodes non-ASCII text', () => {
    expect(renderHeaderValue('{{data.v}}', ctxWith({ v: 'Zoë' }))).toBe('Zo%C3%AB');
  });
});

describe('renderUrl', () => {
  const base = 'https://hooks.example.com/in/{{data.v}}?type={{event.type}}&v={{data.v}}#{{data.v}}';

  for (const [name, value] of hostile) {
    it(`cannot change host or path segments: ${name}`, () => {
      const out = new URL(renderUrl(base, ctxWith({ v: value })));
      expect(out.host).toBe('hooks.example.com');
      expect(out.pathname.split('/')).toHaveLength(3);
      expect(out.pathname.startsWith('/in/')).toBe(true);
      expect([...out.searchParams.keys()]).toEqual(['type', 'v']);
      const asText = value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
      expect(out.searchParams.get('v')).toBe(asText.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));
    });
  }

  it.each(['evil.com/x', '@evil.com', '../../admin', '...', '%2e%2e', '%2E.', '?x=1', '#frag', 'a\\..\\b', 'http://evil.com'])(
    'keeps host and path for %j',
    (value) => {
      const out = new URL(renderUrl('https://hooks.example.com/a/{{data.v}}/b', ctxWith({ v: value })));
      expect(out.host).toBe('hooks.example.com');
      expect(out.pathname.split('/')).toHaveLength(4);
      expect(out.search).toBe('');
      expect(out.hash).toBe('');
    },
  );

  it('refuses a value that forms a dot segment', () => {
    // encodeURIComponent leaves '.' alone, and the URL parser would drop or pop a segment for these.
    expect(() => renderUrl('https://h.example.com/a/{{data.v}}/b', ctxWith({ v: '..' }))).toThrow(TemplateError);
    expect(() => renderUrl('https://h.example.com/a/{{data.v}}/b', ctxWith({ v: '.' }))).toThrow(TemplateError);
    expect(() => renderUrl('https://h.example.com/a/.{{data.v}}/b', ctxWith({ v: '.' }))).toThrow(TemplateError);
    expect(() => renderUrl('https://h.example.com/a/{{data.v}}{{data.v}}/b', ctxWith({ v: '.' }))).toThrow(TemplateError);
    // In the query a dot is harmless.
    expect(renderUrl('https://h.example.com/a?v={{data.v}}', ctxWith({ v: '..' }))).toBe('https://h.example.com/a?v=..');
  });

  it('refuses placeholders in the scheme or host', () => {
    expect(() => renderUrl('https://{{data.v}}.example.com/', ctxWith({ v: 'x' }))).toThrow(TemplateError);
    expect(() => renderUrl('https://example.com{{data.v}}/', ctxWith({ v: 'x' }))).toThrow(TemplateError);
    expect(() => renderUrl('{{data.v}}://example.com/', ctxWith({ v: 'https' }))).toThrow(TemplateError);
  });

  it('throws TemplateError when the result is not a URL', () => {
    expect(() => renderUrl('not a url {{event.id}}', ctxWith({}))).toThrow(TemplateError);
    expect(() => renderUrl('https://exa mple.com/{{event.id}}', ctxWith({}))).toThrow(TemplateError);
  });

  it('fills values', () => {
    expect(renderUrl('https://h.example.com/{{application.id}}/{{event.id}}?n={{webhook.name}}', ctxWith({}))).toBe(
      'https://h.example.com/app_1/evt_1?n=Orders%20%22main%22',
    );
  });
});

describe('listPlaceholders / validateTemplate', () => {
  it('lists placeholders in order without duplicates', () => {
    expect(listPlaceholders('{{ data.a }} {{event.id}} {{data.a}} {"x": {"y": 1}}')).toEqual(['data.a', 'event.id']);
  });

  it.each([
    'https://h.example.com/{{event.id}}',
    '{"a": {"b": {{data.x}}}, "c": "{{ data.y.0.z }}"}',
    'Bearer {{data.token}}',
    '{{data}}',
    'no placeholders at all',
  ])('accepts %j', (template) => {
    expect(validateTemplate(template)).toBeNull();
  });

  it.each([
    ['{{event.id', /unclosed/],
    ['Bearer {{data.token}', /unclosed/],
    ['{event.id}}', /unexpected '}}'/],
    ['https://h.example.com/{x}}', /unexpected '}}'/],
    ['{"a": "{x}}"}', /unexpected '}}'/],
    ['{{foo.bar}}', /unknown placeholder \{\{foo.bar\}\}.*event, webhook, application, data/],
    ['{{event.nope}}', /event.id, event.type, event.time/],
    ['{{}}', /empty placeholder/],
    ['{{data.a b}}', /invalid placeholder/],
  ])('rejects %j', (template, message) => {
    expect(validateTemplate(template)).toMatch(message);
  });

  it('applies position-specific checks when given a kind', () => {
    expect(validateTemplate('{"a": {{data.x}}', 'json')).toMatch(/valid JSON/);
    expect(validateTemplate('{"a": {{data.x}}}', 'json')).toBeNull();
    expect(validateTemplate('https://{{data.x}}.example.com/', 'url')).toMatch(/host/);
    expect(validateTemplate('https://h.example.com/{{data.x}}', 'url')).toBeNull();
    expect(validateTemplate('Bearer {{data.x}}', 'header')).toBeNull();
  });
});

describe('error messages', () => {
  it('do not leak payload values from a broken body template', () => {
    const err = (() => {
      try {
        renderJsonBody('{"a": {{data.v}} x}', ctxWith({ v: 'secret-value' }));
      } catch (e) {
        return e as Error;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(TemplateError);
    expect(err?.message).not.toContain('secret-value');
  });
});
