/**
 * Real, decodable media for the offline mock server (Node only; no dependencies beyond
 * Node built-ins). Everything is generated deterministically from the arguments.
 */
export {
  type AudioDescription,
  type AudioFormat,
  type AudioSpec,
  describeAudio,
  durationForText,
  synthAudio,
} from './media/audio.js';
export { videoMp4 } from './media/mp4.js';
export { renderPng } from './media/png.js';
export { ASPECT_RATIO_NAMES, aspectRatioSize, resolutionSize } from './media/sizes.js';
