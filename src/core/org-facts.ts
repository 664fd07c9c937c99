// Facts about the organisation that the content refers to by placeholder; they come from config, never from the data.

/** The organisation's own names and links; any may be missing, and the bot then says something general instead. */
export interface OrgFacts {
  vpnServer?: string;
  clientDownloadUrl?: string;
  accessRequestUrl?: string;
  passwordResetUrl?: string;
  helpdesk?: string;
  vpnTypes: readonly string[];
}

/** The placeholders content may use, and what each says when the organisation has not configured it. */
export const PLACEHOLDERS = {
  vpnServer: 'the VPN server name IT gave you',
  clientDownloadUrl: 'the software portal IT gave you',
  accessRequestUrl: 'your manager or the help desk',
  passwordResetUrl: 'the password reset page',
  helpdesk: 'the help desk',
} as const satisfies Record<string, string>;

/** What a placeholder becomes in a tech's command line when the organisation has not configured it. */
export const PLACEHOLDER_TOKENS = {
  vpnServer: '<vpn-server>',
  clientDownloadUrl: '<client-download-url>',
  accessRequestUrl: '<access-request-url>',
  passwordResetUrl: '<password-reset-url>',
  helpdesk: '<help-desk>',
} as const satisfies Record<keyof typeof PLACEHOLDERS, string>;

/** Replaces {placeholder} names with the organisation's facts, or (when unset) a general wording or a `<token>`. */
export function fillPlaceholders(text: string, org: OrgFacts, unset: 'prose' | 'token' = 'prose'): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (!(name in PLACEHOLDERS)) return whole;
    const key = name as keyof typeof PLACEHOLDERS;
    return org[key] ?? (unset === 'token' ? PLACEHOLDER_TOKENS[key] : PLACEHOLDERS[key]);
  });
}
