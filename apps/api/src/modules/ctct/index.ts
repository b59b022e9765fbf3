// The ctct module's public surface for code outside the API (the benches): the one CC client, connecting.
export { CtctClient, type CtctRequest } from './ctct.client';
export { CtctAuthorizationService } from './ctct-authorization.service';
export { toTokenSet } from './ctct-token.client';
