import { describe, expect, it } from 'vitest';
import { INSERT_TEXT_MAX, parseTabMessage } from '../../../lib/contract/tab-messages';

const ID = 'cuecard-test-id';
const background = { id: ID };

describe('content script accepts background messages only', () => {
  it.each([
    ['insert text from the background', { type: 'cuecard:insert-text', text: 'Hi Dana' }, background, true],
    ['toggle from the background', { type: 'cuecard:toggle-sidebar' }, background, true],
    ['rules changed from the background', { type: 'cuecard:rules-changed' }, background, true],
    ['insert from a content script or sidebar (it has a tab)', { type: 'cuecard:insert-text', text: 'x' }, { id: ID, tab: { id: 3 } }, false],
    ['insert from another extension', { type: 'cuecard:insert-text', text: 'x' }, { id: 'evil' }, false],
    ['no sender', { type: 'cuecard:toggle-sidebar' }, undefined, false],
    ['empty text', { type: 'cuecard:insert-text', text: '' }, background, false],
    ['text that is not a string', { type: 'cuecard:insert-text', text: 42 }, background, false],
    ['too long a text', { type: 'cuecard:insert-text', text: 'x'.repeat(INSERT_TEXT_MAX + 1) }, background, false],
    ['extra fields', { type: 'cuecard:insert-text', text: 'x', html: '<b>' }, background, false],
    ['extra fields on toggle', { type: 'cuecard:toggle-sidebar', x: 1 }, background, false],
    ['an unknown type', { type: 'cuecard:wipe' }, background, false],
    ['a string', 'cuecard:toggle-sidebar', background, false],
    ['null', null, background, false],
  ])('%s', (_name, raw, sender, ok) => {
    const parsed = parseTabMessage(raw, sender, ID);
    if (ok) expect(parsed).toEqual(raw);
    else expect(parsed).toBeNull();
  });
});
