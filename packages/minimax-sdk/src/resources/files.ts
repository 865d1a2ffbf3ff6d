import { APIResource } from '../core/resource.js';

export class Files extends APIResource {}
