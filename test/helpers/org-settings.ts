// An organisation that has set every org variable, for tests that check the bot's words once it is configured.

/** Every org setting, each set to a value no default sentence contains. */
export const ORG_ALL_SET = {
  VPN_SERVER_NAME: 'vpn.contoso.example',
  VPN_CLIENT_DOWNLOAD_URL: 'https://software.contoso.example/vpn',
  VPN_ACCESS_REQUEST_URL: 'https://access.contoso.example',
  PASSWORD_RESET_URL: 'https://passwordreset.contoso.example',
  HELPDESK_CONTACT: 'IT Service Desk 555-0199',
};
