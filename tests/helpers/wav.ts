import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ToneOptions {
  /** Hz; 440 unless told. */
  frequency?: number;
  /** Peak amplitude as a fraction of full scale; 0.3 (about -10 dBFS) unless told. */
  amplitude?: number;
  seconds?: number;
  sampleRate?: number;
}

/** A mono 16-bit PCM WAV file of a steady sine tone: the 44-byte RIFF header, then the samples. */
export function toneWav({ frequency = 440, amplitude = 0.3, seconds = 3, sampleRate = 48_000 }: ToneOptions = {}): Buffer {
  const peak = amplitude * 32767;
  return pcmWav(Math.round(seconds * sampleRate), sampleRate, (i) => peak * Math.sin((2 * Math.PI * frequency * i) / sampleRate));
}

/**
 * Something closer to speech than a tone, for what the codec does with speech: a voiced sound
 * (a 110–170 Hz gliding pitch with falling harmonics) cut into syllables of about 200 ms at four
 * a second, in phrases of 1.5 s with 0.5 s of true silence between them, where Opus DTX stops
 * sending. Deterministic: the same file every run.
 */
export function speechLikeWav({ amplitude = 0.3, seconds = 6, sampleRate = 48_000 }: Omit<ToneOptions, 'frequency'> = {}): Buffer {
  const peak = amplitude * 32767;
  let phase = 0;
  return pcmWav(Math.round(seconds * sampleRate), sampleRate, (i) => {
    const t = i / sampleRate;
    const inPhrase = t % 2;
    if (inPhrase >= 1.5) return 0;
    const pitch = 140 + 30 * Math.sin(2 * Math.PI * 0.7 * t);
    phase += (2 * Math.PI * pitch) / sampleRate;
    // Syllables: a raised-cosine envelope four times a second, never quite closed inside a phrase.
    const syllable = 0.15 + 0.85 * Math.sin(Math.PI * ((inPhrase * 4) % 1)) ** 2;
    let voiced = 0;
    for (let h = 1; h <= 12; h++) voiced += Math.sin(h * phase) / h;
    return peak * syllable * voiced * 0.55;
  });
}

/** The 44-byte RIFF header of a mono 16-bit PCM WAV, then `samples` samples of `sample(i)` (clipped). */
function pcmWav(samples: number, sampleRate: number, sample: (i: number) => number): Buffer {
  const dataBytes = samples * 2;
  const wav = Buffer.alloc(44 + dataBytes);
  wav.write('RIFF', 0, 'ascii');
  wav.writeUInt32LE(36 + dataBytes, 4);
  wav.write('WAVE', 8, 'ascii');
  wav.write('fmt ', 12, 'ascii');
  wav.writeUInt32LE(16, 16); // fmt chunk size
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(sampleRate, 24);
  wav.writeUInt32LE(sampleRate * 2, 28); // byte rate
  wav.writeUInt16LE(2, 32); // block align
  wav.writeUInt16LE(16, 34); // bits per sample
  wav.write('data', 36, 'ascii');
  wav.writeUInt32LE(dataBytes, 40);
  for (let i = 0; i < samples; i++) wav.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(sample(i)))), 44 + i * 2);
  return wav;
}

/** Writes `toneWav(options)` to a fresh temporary directory and returns the file's path. */
export function writeToneWav(options: ToneOptions = {}): string {
  const path = join(mkdtempSync(join(tmpdir(), 'hopso-tone-')), 'tone.wav');
  writeFileSync(path, toneWav(options));
  return path;
}

/** Writes `speechLikeWav(options)` to a fresh temporary directory and returns the file's path. */
export function writeSpeechLikeWav(options: Omit<ToneOptions, 'frequency'> = {}): string {
  const path = join(mkdtempSync(join(tmpdir(), 'hopso-speech-')), 'speech.wav');
  writeFileSync(path, speechLikeWav(options));
  return path;
}
