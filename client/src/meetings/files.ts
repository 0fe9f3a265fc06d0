import { api } from '../api.ts';
import { errorText } from '../components/feedback.ts';
import { icon } from '../components/icon.ts';
import { h, uid } from '../dom.ts';
import { t } from '../i18n/index.ts';
import { fileSize } from './format.ts';
import type { MeetingFile } from './types.ts';

/**
 * Attendee documents: choosing files before the meeting exists (they upload right after it
 * is saved), and uploading one to an existing meeting. The server checks type, size and
 * content; the client checks type and size first only to spare a 20 MB round trip.
 */

export const ACCEPT = '.pdf,.docx,.xlsx,.pptx,.png,.jpg,.jpeg';
const EXTENSIONS = new Set(ACCEPT.split(',').map((e) => e.slice(1)));
export const MAX_BYTES = 20 * 1024 * 1024;

/** Why a file will be refused, or null when it looks acceptable. */
export function fileProblem(file: File): string | null {
  const ext = file.name.split('.').pop()?.toLowerCase() ?? '';
  if (!EXTENSIONS.has(ext) || file.size > MAX_BYTES) return `${file.name}: ${t('create.filesHint')}`;
  return null;
}

export async function uploadFile(meetingId: string, file: File): Promise<MeetingFile> {
  const form = new FormData();
  form.append('file', file, file.name);
  return api.upload<MeetingFile>(`/api/meetings/${meetingId}/files`, form);
}

/** Uploads in turn; returns one message per file that failed. */
export async function uploadAll(meetingId: string, files: File[]): Promise<string[]> {
  const failures: string[] = [];
  for (const file of files) {
    try {
      await uploadFile(meetingId, file);
    } catch (err) {
      failures.push(t('create.uploadFailed', { name: file.name, message: errorText(err) }));
    }
  }
  return failures;
}

export interface FilePicker {
  element: HTMLElement;
  files(): File[];
}

export function createFilePicker(): FilePicker {
  const chosen: File[] = [];
  const inputId = uid('files');
  const errorId = `${inputId}-error`;
  // The native control says "Choose Files" / "No file chosen" in the browser's language: a button in the page's instead.
  const input = h('input', { id: inputId, type: 'file', multiple: true, accept: ACCEPT, class: 'visually-hidden', tabindex: -1, 'aria-describedby': `${inputId}-hint` });
  const choose = h('button', { type: 'button', class: 'button button--secondary file-choose', 'aria-describedby': `${inputId}-hint`, on: { click: () => input.click() } }, t('file.choose'));
  const none = h('p', { class: 'muted file-none' }, t('file.none'));
  const list = h('ul', { class: 'file-list' });
  const error = h('p', { id: errorId, class: 'field-error', hidden: true });

  const render = (): void => {
    none.hidden = chosen.length > 0;
    list.replaceChildren(
      ...chosen.map((file, i) =>
        h(
          'li',
          { class: 'file-item' },
          h('span', { class: 'file-name' }, file.name),
          h('span', { class: 'file-size' }, fileSize(file.size)),
          h('button', {
            type: 'button', class: 'icon-button', 'aria-label': t('create.fileRemove', { name: file.name }),
            on: { click: () => { chosen.splice(i, 1); render(); choose.focus(); } },
          }, icon('close')),
        ),
      ),
    );
  };

  input.addEventListener('change', () => {
    const problems: string[] = [];
    for (const file of input.files ?? []) {
      const problem = fileProblem(file);
      if (problem) problems.push(problem);
      else if (!chosen.some((c) => c.name === file.name && c.size === file.size)) chosen.push(file);
    }
    input.value = '';
    error.textContent = problems.join(' ');
    error.hidden = problems.length === 0;
    choose.setAttribute('aria-describedby', problems.length ? `${inputId}-hint ${errorId}` : `${inputId}-hint`);
    render();
  });

  return {
    element: h(
      'div',
      { class: 'field' },
      h('label', { for: inputId, class: 'field-label' }, t('create.files')),
      h('p', { id: `${inputId}-hint`, class: 'field-hint' }, t('create.filesHint')),
      input,
      h('div', { class: 'file-choose-row' }, choose, none),
      error,
      list,
    ),
    files: () => [...chosen],
  };
}
