/**
 * What one mock server remembers: stored files, custom voices, tasks and the media it has handed
 * out URLs for. Everything lives on an instance, so two servers never share anything.
 */

import { createHash } from 'node:crypto';
import { SYSTEM_VOICE_LIST } from './system-voices.js';
import { today } from './util.js';

/** How many spoken clips the state remembers for speech-to-text (the oldest are forgotten). */
const SPOKEN_LIMIT = 512;

// Cached clips are served again and again; each is hashed once.
const digests = new WeakMap<Uint8Array, string>();
function digest(bytes: Uint8Array): string {
  let known = digests.get(bytes);
  if (known === undefined) {
    known = createHash('sha256').update(bytes).digest('hex');
    digests.set(bytes, known);
  }
  return known;
}

/** Purposes a client may upload with. */
export const UPLOAD_PURPOSES = [
  'voice_clone',
  'prompt_audio',
  't2a_async_input',
  'video_generation_input',
  'video_understanding',
] as const;
/** Purposes the server itself stores generated outputs under. */
export const OUTPUT_PURPOSES = ['t2a_async', 'video_generation'] as const;

/** A file in the file store. */
export interface StoredFile {
  file_id: number;
  bytes: number;
  created_at: number;
  filename: string;
  purpose: string;
  data: Uint8Array;
  contentType: string;
}

/** A voice as `get_voice` lists it. */
export interface VoiceRecord {
  voice_id: string;
  voice_name?: string;
  description: string[];
  created_time?: string;
}

/** The system voices every account sees: the docs' whole list (see system-voices.ts). */
export const SYSTEM_VOICES: readonly VoiceRecord[] = SYSTEM_VOICE_LIST;
const SYSTEM_VOICE_IDS: ReadonlySet<string> = new Set(SYSTEM_VOICES.map((v) => v.voice_id));

/** A long-running job: video generation or long-text speech. */
export interface Task {
  readonly id: string;
  readonly kind: 'video' | 't2a_async' | 'video_v2' | 'video_template';
  readonly createdAt: number;
  /** Status names in order; the last is the success status. */
  readonly stages: readonly string[];
  polls: number;
  /** Set by a `taskFail` fault: the task ends in failure instead. */
  readonly failure: { code: number; message: string } | undefined;
  /** Set by a `taskNeverEnds` fault. */
  readonly neverEnds: boolean;
  /** For long-text speech the file id is promised at creation; video gets one on success. */
  fileId: number | undefined;
  /** Builds the output file the first time the task is seen finished. */
  readonly produce: () => Omit<StoredFile, 'file_id' | 'created_at' | 'bytes'>;
  /** Extra fields the success query carries (video size). */
  readonly result: Record<string, unknown>;
  /** V2: cancelled by `DELETE` while it was still queued or running. */
  cancelled?: boolean;
}

/** Something served under `/__mock/media/<id>`. */
export interface MediaEntry {
  data: Uint8Array;
  contentType: string;
}

/** Ids look like the real int64 ones (wider than 32 bits) but stay within safe integers. */
const FILE_ID_BASE = 380_000_000_000_000;
const TASK_ID_BASE = 106_000_000_000_000;

/** One server's memory. */
export class MockState {
  readonly files = new Map<number, StoredFile>();
  readonly clonedVoices = new Map<string, VoiceRecord>();
  readonly designedVoices = new Map<string, VoiceRecord>();
  /** Deleted ids cannot be used again, as on the real platform. */
  readonly retiredVoiceIds = new Set<string>();
  /** Clones not yet used for speech: the platform lists a clone only after its first real use. */
  readonly unusedClones = new Set<string>();
  readonly tasks = new Map<string, Task>();
  readonly media = new Map<string, MediaEntry>();
  /** What the mock's TTS spoke, by the digest of the audio it served: speech-to-text reads it back. */
  readonly spoken = new Map<string, { text: string; durationMs: number }>();
  private fileSeq = 0;
  private taskSeq = 0;
  private idSeq = 0;

  /** Remembers that `audio` speaks `text` (a clip served again is remembered as its latest text). */
  rememberSpoken(audio: Uint8Array, text: string, durationMs: number): void {
    const key = digest(audio);
    this.spoken.delete(key);
    this.spoken.set(key, { text, durationMs });
    if (this.spoken.size > SPOKEN_LIMIT) {
      const oldest = this.spoken.keys().next().value;
      if (oldest !== undefined) this.spoken.delete(oldest);
    }
  }

  /** The text and length of audio the mock spoke itself, if `audio` is such a clip. */
  heard(audio: Uint8Array): { text: string; durationMs: number } | undefined {
    return this.spoken.get(digest(audio));
  }

  /** The next file id. */
  nextFileId(): number {
    this.fileSeq += 1;
    return FILE_ID_BASE + this.fileSeq;
  }

  /** The next task id (numeric, as both task kinds use). */
  nextTaskId(): number {
    this.taskSeq += 1;
    return TASK_ID_BASE + this.taskSeq;
  }

  /** A short unique id for messages, images and the like. */
  nextId(prefix: string): string {
    this.idSeq += 1;
    return `${prefix}${this.idSeq.toString(36).padStart(6, '0')}`;
  }

  /** Stores a file and returns it. */
  addFile(
    file: Omit<StoredFile, 'file_id' | 'created_at' | 'bytes'>,
    fileId = this.nextFileId(),
  ): StoredFile {
    const stored: StoredFile = {
      ...file,
      file_id: fileId,
      bytes: file.data.byteLength,
      created_at: Math.floor(Date.now() / 1000),
    };
    this.files.set(fileId, stored);
    return stored;
  }

  /** True when `voiceId` names a system, cloned or designed voice. */
  hasVoice(voiceId: string): boolean {
    return (
      SYSTEM_VOICE_IDS.has(voiceId) || this.clonedVoices.has(voiceId) || this.designedVoices.has(voiceId)
    );
  }

  /** True when `voiceId` is taken now or was ever taken. */
  voiceIdTaken(voiceId: string): boolean {
    return this.hasVoice(voiceId) || this.retiredVoiceIds.has(voiceId);
  }

  /** Registers a custom voice. */
  addVoice(kind: 'voice_cloning' | 'voice_generation', voiceId: string, description: string[]): VoiceRecord {
    const record: VoiceRecord = { voice_id: voiceId, description, created_time: today() };
    (kind === 'voice_cloning' ? this.clonedVoices : this.designedVoices).set(voiceId, record);
    if (kind === 'voice_cloning') this.unusedClones.add(voiceId);
    return record;
  }

  /** Notes that speech used `voiceId` (a clone's preview does not count). */
  voiceUsed(voiceId: string): void {
    this.unusedClones.delete(voiceId);
  }

  /** The clones `get_voice` lists: those used for speech at least once. */
  listedClones(): VoiceRecord[] {
    return [...this.clonedVoices.values()].filter((v) => !this.unusedClones.has(v.voice_id));
  }

  /** Puts bytes where `/__mock/media/<id>` serves them (the first bytes stored under an id stay). */
  putMedia(id: string, data: Uint8Array, contentType: string): void {
    if (!this.media.has(id)) this.media.set(id, { data, contentType });
  }

  /** Forgets files, custom voices, tasks and media; id counters restart too. */
  reset(): void {
    this.files.clear();
    this.clonedVoices.clear();
    this.designedVoices.clear();
    this.retiredVoiceIds.clear();
    this.unusedClones.clear();
    this.tasks.clear();
    this.media.clear();
    this.fileSeq = 0;
    this.taskSeq = 0;
    this.idSeq = 0;
  }
}
