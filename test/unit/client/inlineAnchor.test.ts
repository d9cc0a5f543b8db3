import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anchorAtCursor, withEol, type OffsetEdit } from '../../../client/src/ui/inlineAnchor';

/** Applies an offset edit. */
const apply = (text: string, e: OffsetEdit) => text.slice(0, e.start) + e.text + text.slice(e.end);
const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length - 1;
const BODY = '\n  const d = a - b;\n  if (d < 0) {\n    return 0;\n  }\n  return d;\n';

/** The site edit for the body of `f` in `text` (between the braces), and where the cursor is. */
function site(text: string, cursorMark = '|'): { text: string; edit: OffsetEdit; cursor: number } {
  const cursor = text.indexOf(cursorMark);
  const clean = text.replace(cursorMark, '');
  const open = clean.indexOf('{') + 1;
  const close = clean.lastIndexOf('}');
  return { text: clean, edit: { start: open, end: close, text: BODY }, cursor };
}

function check(source: string) {
  const s = site(source);
  const e = anchorAtCursor(s.text, s.edit, s.cursor);
  assert.ok(e, `an edit for ${JSON.stringify(source)}`);
  assert.equal(apply(s.text, e), apply(s.text, s.edit), 'same document as the site edit');
  assert.equal(lineOf(s.text, e.start), lineOf(s.text, s.cursor), 'starts on the cursor line');
  assert.equal(lineOf(s.text, e.end), lineOf(s.text, s.cursor), 'ends on the cursor line');
  assert.ok(e.start <= s.cursor && s.cursor <= e.end, 'touches the cursor');
  return e;
}

test('empty body, cursor before the closing brace: an insertion at the cursor of the whole multi-line body', () => {
  const e = check('function f(a: number, b: number) {\n|}\n');
  assert.equal(e.start, e.end);
  assert.equal(e.text, BODY.slice(1));
});

test('empty body, cursor right after the opening brace: an insertion starting with the line break', () => {
  const e = check('function f(a: number, b: number) {|\n}\n');
  assert.equal(e.text, BODY.slice(0, -1));
});

test('blank line with the same indentation: an insertion after the indentation', () => {
  const e = check('function f(a: number, b: number) {\n  |\n}\n');
  assert.equal(e.start, e.end);
  assert.ok(e.text.startsWith('const d'));
});

test('blank line indented differently (deeper or not at all): the line\'s whitespace is replaced', () => {
  for (const src of ['function f(a: number, b: number) {\n    |\n}\n', 'function f(a: number, b: number) {\n|\n}\n', 'function f(a: number, b: number) {\n  |   \n}\n']) {
    const e = check(src);
    assert.ok(e.text.includes('return d;'));
  }
});

test('cursor outside the site, or text in the body the body does not keep: nothing', () => {
  const s = site('function f(a: number, b: number) {\n}\n|');
  assert.equal(anchorAtCursor(s.text, s.edit, s.cursor), undefined);
  const t = site('function f(a: number, b: number) {\n  foo|\n}\n');
  assert.equal(anchorAtCursor(t.text, t.edit, t.cursor), undefined);
});

test('CRLF documents: the body in the document\'s line breaks still anchors', () => {
  const text = 'function f() {\r\n  \r\n}\r\n';
  const cursor = text.indexOf('  \r\n') + 2;
  const edit = { start: text.indexOf('{') + 1, end: text.lastIndexOf('}'), text: withEol(BODY, '\r\n') };
  const e = anchorAtCursor(text, edit, cursor);
  assert.ok(e);
  assert.equal(apply(text, e), apply(text, edit));
  assert.ok(!e.text.includes('\r\n\r\n'));
});
