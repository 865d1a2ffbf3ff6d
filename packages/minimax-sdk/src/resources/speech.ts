import { APIResource } from '../core/resource.js';

export class Speech extends APIResource {}
