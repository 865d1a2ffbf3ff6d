import { APIResource } from '../core/resource.js';

export class Image extends APIResource {}
