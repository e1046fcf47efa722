import { describe, expect, it } from 'vitest';
import { INSERT_TEXT_MAX, parseTabMessage } from '../../../lib/contract/tab-messages';

const ID = 'cuecard-test-id';
const background = { id: ID };

describe('content script accepts background messages only', () => {
  it.each([
    ['insert text from the background', { type: 'cuecard:insert-text', text: 'Hi Dana' }, background, true],
    ['toggle from the background', { type: 'cuecard:toggle-sidebar' }, background, true],
    ['insert carrying its message cue', { type: 'cuecard:insert-text', text: 'Hi Dana', cue: { kind: 'message', id: 'm-1', version: 2, prospectId: 'p-dana', rank: 1 } }, background, true],
    ['insert carrying an asset cue with its id only', { type: 'cuecard:insert-text', text: 'Deck: https://x.example', cue: { kind: 'asset', id: 'a-1' } }, background, true],
    ['a cue of an unknown kind', { type: 'cuecard:insert-text', text: 'x', cue: { kind: 'brief', id: 'b' } }, background, false],
    ['a cue with an empty id', { type: 'cuecard:insert-text', text: 'x', cue: { kind: 'message', id: ' ' } }, background, false],
    ['a cue with a 201-char id', { type: 'cuecard:insert-text', text: 'x', cue: { kind: 'message', id: 'm'.repeat(201) } }, background, false],
    ['a cue with a fractional version', { type: 'cuecard:insert-text', text: 'x', cue: { kind: 'message', id: 'm', version: 1.5 } }, background, false],
    ['a cue with rank 1001', { type: 'cuecard:insert-text', text: 'x', cue: { kind: 'asset', id: 'a', rank: 1001 } }, background, false],
    ['a cue with a numeric prospect id', { type: 'cuecard:insert-text', text: 'x', cue: { kind: 'asset', id: 'a', prospectId: 7 } }, background, false],
    ['a cue with an extra key', { type: 'cuecard:insert-text', text: 'x', cue: { kind: 'asset', id: 'a', html: '<b>' } }, background, false],
    ['a cue that is an array', { type: 'cuecard:insert-text', text: 'x', cue: ['message', 'm'] }, background, false],
    ['a cue and no text', { type: 'cuecard:insert-text', cue: { kind: 'asset', id: 'a' }, html: 'x' }, background, false],
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
