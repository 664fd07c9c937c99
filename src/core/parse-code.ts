// Reads an error code written by a person: decimal, hex HRESULT, or the negative decimal Windows event logs show.

/** The numeric code a string names, or undefined when it is not a code; accepts "721", "error 721", "0x80092013", "-2146885613". */
export function parseCodeArg(raw: string): number | undefined {
  const text = raw
    .trim()
    .replace(/^(?:error|err|code|rras|ras)\s*[#:]?\s*/i, '')
    .replace(/[.:]$/, '');
  if (/^0x[0-9a-f]{1,8}$/i.test(text)) return Number.parseInt(text.slice(2), 16);
  if (/^-\d{1,10}$/.test(text)) {
    const n = Number(text);
    return n >= -0x80000000 ? n >>> 0 : undefined;
  }
  if (/^\d{1,10}$/.test(text)) {
    const n = Number(text);
    return n <= 0xffffffff ? n : undefined;
  }
  return undefined;
}
