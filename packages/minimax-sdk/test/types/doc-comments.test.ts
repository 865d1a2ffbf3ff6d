/**
 * Every field of the text, speech and media params types carries a doc comment (the public contract,
 * section 10.1: typed params list every documented field with doc comments), so an editor shows
 * what each one does. Reads the sources' syntax only (no type check), so it runs in milliseconds.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const RESOURCES = fileURLToPath(new URL('../../src/resources/', import.meta.url));
const CORE = fileURLToPath(new URL('../../src/core/', import.meta.url));

/** The interfaces checked, by file. */
const CHECKED: Record<string, string[]> = {
  [`${RESOURCES}text-types.ts`]: ['MessageCreateParams', 'OutputConfig', 'Metadata', 'CacheControl'],
  [`${RESOURCES}chat-types.ts`]: ['ChatCompletionCreateParams'],
  [`${RESOURCES}responses-types.ts`]: ['ResponseCreateParams', 'ResponseReasoningParam'],
  [`${RESOURCES}models-types.ts`]: ['ModelRetrieveParams'],
  [`${RESOURCES}speech-types.ts`]: [
    'VoiceSetting',
    'AudioSetting',
    'VoiceModify',
    'PronunciationDict',
    'TimbreWeight',
    'SpeechSettings',
    'TTSParams',
    'TTSStreamParams',
    'AsyncSpeechParams',
    'SpeechConnectParams',
    'SpeechSendParams',
  ],
  [`${RESOURCES}transcription-types.ts`]: ['TranscriptionParams'],
  [`${RESOURCES}search-types.ts`]: ['SearchQueryParams'],
  [`${RESOURCES}vision-types.ts`]: ['VisionDescribeParams'],
  [`${CORE}audio.ts`]: ['AudioExtraInfo'],
};

/** The media params interfaces checked, by file. */
const MEDIA: Record<string, string[]> = {
  [`${RESOURCES}video-types.ts`]: [
    'VideoSubjectReference',
    'VideoCommonParams',
    'VideoTimingParams',
    'VideoTextToVideoParams',
    'VideoImageToVideoParams',
    'VideoFramesToVideoParams',
    'VideoSubjectToVideoParams',
    'VideoCreateParams',
    'VideoQueryParams',
    'VideoWaitParams',
  ],
  [`${RESOURCES}video-v2-types.ts`]: [
    'VideoV2TextItem',
    'VideoV2ImageItem',
    'VideoV2VideoItem',
    'VideoV2AudioItem',
    'VideoV2CreateParams',
    'VideoV2TaskRef',
    'VideoV2ListParams',
  ],
  [`${RESOURCES}video-templates-types.ts`]: [
    'VideoTemplateTextInput',
    'VideoTemplateMediaInput',
    'VideoTemplateCreateParams',
    'VideoTemplateTaskRef',
  ],
  [`${RESOURCES}image-types.ts`]: ['ImageSubjectReference', 'ImageStyle', 'ImageGenerateParams'],
  [`${RESOURCES}music-types.ts`]: [
    'MusicAudioSetting',
    'MusicStreamParams',
    'MusicGenerateParams',
    'MusicGenerateLyricsParams',
    'MusicCoverPreprocessParams',
  ],
  [`${RESOURCES}voice-types.ts`]: [
    'VoiceUploadAudioParams',
    'VoiceClonePrompt',
    'VoiceCloneParams',
    'VoiceDesignParams',
    'VoiceListParams',
    'VoiceDeleteParams',
  ],
  [`${RESOURCES}files-types.ts`]: [
    'FileUploadParams',
    'FileListParams',
    'FileRetrieveParams',
    'FileRetrieveContentParams',
    'FileDeleteParams',
  ],
  [`${RESOURCES}callbacks-types.ts`]: ['CallbackOptions'],
};

/** `Interface.field` for each named property (index signatures aside) without a doc comment. */
function undocumented(path: string, names: string[]): string[] {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const found = new Set<string>();
  const missing: string[] = [];
  source.forEachChild((node) => {
    if (!ts.isInterfaceDeclaration(node) || !names.includes(node.name.text)) return;
    found.add(node.name.text);
    for (const member of node.members) {
      if (!ts.isPropertySignature(member)) continue;
      const docs = ts.getJSDocCommentsAndTags(member);
      if (docs.length === 0) missing.push(`${node.name.text}.${member.name.getText(source)}`);
    }
  });
  for (const name of names) if (!found.has(name)) missing.push(`${name} (interface not found)`);
  return missing;
}

describe('params doc comments', () => {
  it('document every field of the text and speech params', () => {
    const missing = Object.entries(CHECKED).flatMap(([path, names]) => undocumented(path, names));
    expect(missing).toEqual([]);
  });

  it('document every field of the media params', () => {
    const missing = Object.entries(MEDIA).flatMap(([path, names]) => undocumented(path, names));
    expect(missing).toEqual([]);
  });
});
