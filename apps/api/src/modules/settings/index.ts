// The settings module's public surface for code outside the API (the benches).
export { SettingsService } from './settings.service';
