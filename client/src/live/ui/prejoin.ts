import { field } from '../../components/field.ts';
import { h, uid } from '../../dom.ts';
import { t, type MessageKey } from '../../i18n/index.ts';
import { listDevices, openMedia, saveChoice, savedChoice, stopTrack, type DeviceChoice, type DeviceProblem } from '../devices.ts';

export interface JoinChoice {
  audio: MediaStreamTrack | null;
  video: MediaStreamTrack | null;
  micOn: boolean;
  camOn: boolean;
  displayName: string;
  headcount: number | null;
}

const problemKeys: Record<DeviceProblem, MessageKey> = {
  denied: 'live.device.denied',
  notFound: 'live.device.notFound',
  inUse: 'live.device.inUse',
  unsupported: 'live.device.unsupported',
  other: 'live.device.other',
};

/**
 * Before joining: choose the microphone and camera, see the camera and the microphone
 * level, say who is at this site and how many people are in the room. The opened tracks
 * are handed to the meeting on "Join" (no second permission prompt), or stopped on dispose.
 */
export function prejoin(defaultName: string, onJoin: (choice: JoinChoice) => void): { node: HTMLElement; dispose(): void } {
  let choice: DeviceChoice = savedChoice();
  let audio: MediaStreamTrack | null = null;
  let video: MediaStreamTrack | null = null;
  let handedOver = false;
  let meter: { stop(): void } | null = null;

  const preview = h('video', { class: 'prejoin-video', autoplay: true, playsinline: true, muted: true, 'aria-label': t('live.device.preview') });
  preview.muted = true;
  const noVideo = h('div', { class: 'prejoin-novideo' }, t('live.device.noCamera'));
  const level = h('meter', { class: 'prejoin-level', min: 0, max: 1, value: 0, 'aria-label': t('live.device.level') });
  const micSelect = h('select', { id: uid('prejoin-mic'), class: 'input' });
  const camSelect = h('select', { id: uid('prejoin-cam'), class: 'input' });
  const micOn = h('input', { type: 'checkbox', checked: true, id: uid('prejoin-micon') });
  const camOn = h('input', { type: 'checkbox', checked: true, id: uid('prejoin-camon') });
  const nameInput = h('input', { id: uid('prejoin-name'), class: 'input', value: defaultName, maxlength: 120, autocomplete: 'name' });
  const countInput = h('input', { id: uid('prejoin-count'), class: 'input', type: 'number', min: 1, max: 10000, step: 1, inputmode: 'numeric' });
  const problem = h('p', { class: 'notice', role: 'status', hidden: true });
  const join = h('button', { type: 'submit', class: 'button button--primary prejoin-join', disabled: true }, t('live.join'));

  const check = (input: HTMLInputElement, labelKey: MessageKey) => h('label', { class: 'check', for: input.id }, input, h('span', null, t(labelKey)));

  const node = h(
    'form',
    {
      class: 'prejoin card',
      novalidate: true,
      on: {
        submit: (event) => {
          event.preventDefault();
          submit();
        },
      },
    },
    h('div', { class: 'prejoin-preview' }, preview, noVideo, level),
    h(
      'div',
      { class: 'prejoin-fields' },
      field(t('live.device.mic'), micSelect).element,
      field(t('live.device.camera'), camSelect).element,
      h('div', { class: 'prejoin-checks' }, check(micOn, 'live.device.joinMicOn'), check(camOn, 'live.device.joinCamOn')),
      field(t('live.displayName'), nameInput, { hint: t('live.displayNameHint') }).element,
      field(t('live.headcount.label'), countInput, { hint: t('live.headcount.hint') }).element,
      problem,
      join,
    ),
  );

  async function open(want: { audio: boolean; video: boolean }): Promise<void> {
    const opened = await openMedia(choice, want);
    if (handedOver || disposed) {
      stopTrack(opened.audio);
      stopTrack(opened.video);
      return;
    }
    if (want.audio) {
      stopTrack(audio);
      audio = opened.audio;
      meter?.stop();
      meter = audio ? levelMeter(audio, level) : null;
    }
    if (want.video) {
      stopTrack(video);
      video = opened.video;
      preview.srcObject = video ? new MediaStream([video]) : null;
    }
    preview.hidden = !video;
    noVideo.hidden = !!video;
    problem.hidden = !opened.problem;
    problem.textContent = opened.problem ? t(problemKeys[opened.problem]) : '';
    await fillSelects();
    join.disabled = false;
  }

  async function fillSelects(): Promise<void> {
    const lists = await listDevices().catch(() => ({ audioInputs: [], videoInputs: [] }));
    const fill = (select: HTMLSelectElement, devices: MediaDeviceInfo[], current: MediaStreamTrack | null, noneKey: MessageKey) => {
      const active = current?.getSettings().deviceId ?? null;
      select.replaceChildren(
        ...(devices.length === 0 ? [h('option', { value: '' }, t(noneKey))] : devices.map((d, i) => h('option', { value: d.deviceId, selected: d.deviceId === active }, d.label || `${t(noneKey)} ${i + 1}`))),
      );
      select.disabled = devices.length === 0;
    };
    fill(micSelect, lists.audioInputs, audio, 'live.device.noMic');
    fill(camSelect, lists.videoInputs, video, 'live.device.noCamera');
  }

  micSelect.addEventListener('change', () => {
    choice = { ...choice, audioInputId: micSelect.value || null };
    saveChoice(choice);
    void open({ audio: true, video: false });
  });
  camSelect.addEventListener('change', () => {
    choice = { ...choice, videoInputId: camSelect.value || null };
    saveChoice(choice);
    void open({ audio: false, video: true });
  });

  function submit(): void {
    const rawCount = countInput.value.trim();
    const headcount = rawCount === '' ? null : Number(rawCount);
    if (headcount !== null && (!Number.isInteger(headcount) || headcount < 1 || headcount > 10_000)) {
      problem.textContent = t('live.dialog.number', { min: 1, max: 10_000 });
      problem.hidden = false;
      countInput.focus();
      return;
    }
    handedOver = true;
    meter?.stop();
    onJoin({ audio, video, micOn: micOn.checked, camOn: camOn.checked, displayName: nameInput.value.trim() || defaultName, headcount });
  }

  let disposed = false;
  void open({ audio: true, video: true });
  return {
    node,
    dispose() {
      disposed = true;
      meter?.stop();
      if (!handedOver) {
        stopTrack(audio);
        stopTrack(video);
      }
    },
  };
}

/** Microphone level for the preview, so a site sees its microphone works before joining. */
function levelMeter(track: MediaStreamTrack, meter: HTMLMeterElement): { stop(): void } {
  const context = new AudioContext();
  const analyser = context.createAnalyser();
  analyser.fftSize = 512;
  context.createMediaStreamSource(new MediaStream([track])).connect(analyser);
  const data = new Float32Array(analyser.fftSize);
  const timer = setInterval(() => {
    analyser.getFloatTimeDomainData(data);
    let peak = 0;
    for (const v of data) peak = Math.max(peak, Math.abs(v));
    meter.value = Math.min(1, peak * 2);
  }, 100);
  return {
    stop() {
      clearInterval(timer);
      void context.close().catch(() => {});
    },
  };
}
