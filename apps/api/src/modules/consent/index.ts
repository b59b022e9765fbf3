// The consent module's public surface for code outside the API (the benches).
export { ConsentService } from './consent.service';
