import { APIResource } from '../core/resource.js';

export class Music extends APIResource {}
