import { build } from './lib.mjs';

build(['api', 'admin', 'ctct-sandbox']);
