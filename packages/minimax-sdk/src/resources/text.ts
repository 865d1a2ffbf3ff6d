import { APIResource } from '../core/resource.js';

export class Text extends APIResource {}
