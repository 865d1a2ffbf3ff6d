import { APIResource } from '../core/resource.js';

export class Video extends APIResource {}
