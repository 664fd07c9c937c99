// Local mode (no MicrosoftAppId): botbuilder then trusts anything, so only loopback callers and serviceUrls pass.
export { isLoopbackAddress, isLoopbackHost, isLoopbackUrl } from '../loopback.ts';
