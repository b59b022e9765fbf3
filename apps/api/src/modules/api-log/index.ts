// The api-log module's public surface for code outside the API (the benches).
export { ApiLogService } from './api-log.service';
