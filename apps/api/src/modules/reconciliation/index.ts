// The reconciliation module's public surface for code outside the API (the benches).
export { ReconciliationService } from './reconciliation.service';
