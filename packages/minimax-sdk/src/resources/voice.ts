import { APIResource } from '../core/resource.js';

export class Voice extends APIResource {}
