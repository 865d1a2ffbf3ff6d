/**
 * Compile-time checks (run by `tsc` in `npm test`) that the media params take what the methods
 * accept and what the platform documents.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type {
  ImageGenerateParams,
  ImageSubjectReference,
  Uploadable,
  VideoResolution,
  VideoSubjectToVideoParams,
} from '../../src/index.js';

type Defined<T> = Exclude<T, undefined>;

describe('image params', () => {
  it('subject_reference[].image_file takes local inputs, which generate inlines as data URLs', () => {
    expectTypeOf<ImageSubjectReference['image_file']>().toEqualTypeOf<Uploadable>();
    const params: ImageGenerateParams = {
      prompt: 'p',
      subject_reference: [
        { type: 'character', image_file: new Uint8Array([0x89, 0x50, 0x4e, 0x47]) },
        { type: 'character', image_file: new Blob([]) },
        { type: 'character', image_file: 'https://img.test/face.jpg' },
      ],
    };
    expect(params.subject_reference).toHaveLength(3);
  });
});

describe('video params', () => {
  it('subjectToVideo takes the documented duration and resolution of the 01 models', () => {
    expectTypeOf<Defined<VideoSubjectToVideoParams['resolution']>>().toEqualTypeOf<VideoResolution>();
    expectTypeOf<6>().toExtend<Defined<VideoSubjectToVideoParams['duration']>>();
    const params: VideoSubjectToVideoParams = {
      subject_reference: [{ type: 'character', image: ['https://img.test/face.jpg'] }],
      duration: 6,
      resolution: '720P',
    };
    // @ts-expect-error duration is a number of seconds
    const wrong: VideoSubjectToVideoParams = { subject_reference: [], duration: '6' };
    expect([params, wrong]).toHaveLength(2);
  });
});
