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
  const samples = Math.round(seconds * sampleRate);
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
  const peak = Math.round(amplitude * 32767);
  for (let i = 0; i < samples; i++) wav.writeInt16LE(Math.round(peak * Math.sin((2 * Math.PI * frequency * i) / sampleRate)), 44 + i * 2);
  return wav;
}

/** Writes `toneWav(options)` to a fresh temporary directory and returns the file's path. */
export function writeToneWav(options: ToneOptions = {}): string {
  const path = join(mkdtempSync(join(tmpdir(), 'hopso-tone-')), 'tone.wav');
  writeFileSync(path, toneWav(options));
  return path;
}
