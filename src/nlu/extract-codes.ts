// The code finding the NLU uses lives in the one code reader, src/core/read-codes.ts (so the chat and the
// `/vpncode` lookup can never disagree on what is a code); re-exported here for the NLU's own imports.
export { extractCodes, type KnownCodes } from '../core/read-codes.ts';
