/**
 * The route table: every path the SDK calls, with its handler per method and how it
 * authenticates and reports errors.
 */

import type { Handler } from '../types.js';
import { chatCompletions } from './chat.js';
import {
  filesDelete,
  filesList,
  filesRetrieve,
  filesRetrieveContent,
  filesUpload,
  mediaDownload,
} from './files.js';
import { imageGenerate } from './image.js';
import { modelRetrieve, modelsList } from './models.js';
import { lyricsGenerate, musicCoverPreprocess, musicGenerate } from './music.js';
import { planSearch, planVision, tokenPlanRemains } from './plan.js';
import { responsesCreate } from './responses.js';
import { t2a, t2aAsyncCreate, t2aAsyncQuery } from './speech.js';
import { countTokens, messages } from './text.js';
import { speechToText } from './transcription.js';
import { videoCreate, videoQuery } from './video.js';
import { videoTemplateCreate, videoTemplateQuery } from './video-template.js';
import { videoV2Create, videoV2Delete, videoV2List, videoV2Retrieve } from './video-v2.js';
import { deleteVoice, getVoice, voiceClone, voiceDesign } from './voice.js';

/**
 * `native`: bearer key, `base_resp` errors (HTTP 200). `anthropic`: bearer or `x-api-key`,
 * Anthropic error envelope with HTTP statuses. `openai`: bearer key, the OpenAI-style envelope of
 * the compatibility endpoints, speech to text and V2 video (`{type:"error", error:{type, message:
 * "… (code)", http_code}, request_id}`) with HTTP statuses. `public`: no key (download URLs).
 */
export type RouteStyle = 'native' | 'anthropic' | 'openai' | 'public';

/** One path's handlers. */
export interface Route {
  style: RouteStyle;
  GET?: Handler;
  POST?: Handler;
  DELETE?: Handler;
}

const native = (handlers: Omit<Route, 'style'>): Route => ({ style: 'native', ...handlers });

const ROUTES = new Map<string, Route>([
  ['/anthropic/v1/messages', { style: 'anthropic', POST: messages }],
  ['/anthropic/v1/messages/count_tokens', { style: 'anthropic', POST: countTokens }],
  ['/anthropic/v1/models', { style: 'anthropic', GET: modelsList }],
  ['/v1/chat/completions', { style: 'openai', POST: chatCompletions }],
  ['/v1/models', { style: 'openai', GET: modelsList }],
  ['/v1/responses', { style: 'openai', POST: responsesCreate }],
  ['/v1/t2a_v2', native({ POST: t2a })],
  ['/v1/t2a_async_v2', native({ POST: t2aAsyncCreate })],
  ['/v1/query/t2a_async_query_v2', native({ GET: t2aAsyncQuery })],
  ['/v1/voice_clone', native({ POST: voiceClone })],
  ['/v1/voice_design', native({ POST: voiceDesign })],
  ['/v1/get_voice', native({ POST: getVoice })],
  ['/v1/delete_voice', native({ POST: deleteVoice })],
  ['/v1/video_generation', native({ POST: videoCreate })],
  ['/v1/query/video_generation', native({ GET: videoQuery })],
  ['/v1/video_template_generation', native({ POST: videoTemplateCreate })],
  ['/v1/query/video_template_generation', native({ GET: videoTemplateQuery })],
  ['/v2/video_generation', { style: 'openai', POST: videoV2Create }],
  ['/v2/query/video_generation', { style: 'openai', GET: videoV2List }],
  ['/v1/image_generation', native({ POST: imageGenerate })],
  ['/v1/music_generation', native({ POST: musicGenerate })],
  ['/v1/music_cover_preprocess', native({ POST: musicCoverPreprocess })],
  ['/v1/lyrics_generation', native({ POST: lyricsGenerate })],
  ['/v1/speech_to_text', { style: 'openai', POST: speechToText }],
  ['/v1/files/upload', native({ POST: filesUpload })],
  ['/v1/files/list', native({ GET: filesList })],
  ['/v1/files/retrieve', native({ GET: filesRetrieve })],
  ['/v1/files/retrieve_content', native({ GET: filesRetrieveContent })],
  ['/v1/files/delete', native({ POST: filesDelete })],
  ['/v1/token_plan/remains', native({ GET: tokenPlanRemains })],
  ['/v1/coding_plan/search', native({ POST: planSearch })],
  ['/v1/coding_plan/vlm', native({ POST: planVision })],
]);

const MEDIA: Route = { style: 'public', GET: mediaDownload };
const V2_TASK: Route = { style: 'openai', GET: videoV2Retrieve };
const V2_DELETE: Route = { style: 'openai', DELETE: videoV2Delete };
const ANTHROPIC_MODEL: Route = { style: 'anthropic', GET: modelRetrieve };
const OPENAI_MODEL: Route = { style: 'openai', GET: modelRetrieve };

/** The route for a path, if any. */
export function findRoute(path: string): Route | undefined {
  if (path.startsWith('/__mock/media/')) return MEDIA;
  // V2 puts the task id in the path.
  if (path.startsWith('/v2/query/video_generation/')) return V2_TASK;
  if (path.startsWith('/v2/video_generation/')) return V2_DELETE;
  if (/^\/anthropic\/v1\/models\/[^/]+$/.test(path)) return ANTHROPIC_MODEL;
  if (/^\/v1\/models\/[^/]+$/.test(path)) return OPENAI_MODEL;
  return ROUTES.get(path);
}
