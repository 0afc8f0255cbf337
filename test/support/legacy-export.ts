// A legacy API credentials export covering every vendor, empty keyword fields (the legacy defaults), custom
// keywords, and the entries a migration must refuse, for the `optline migrate` and POST /api/migrations suites.

/** Secrets in the export: a migration must never write, print or return them. */
export const LEGACY_SECRETS = ['sinch-token-4b1e', 'conv-token-77aa', 'infobip-key-9c0d', 'custom-auth-e3f2'];

export const GOOD_ENTRIES = [
  {
    name: 'ACME Sinch (US)',
    vendor: 'sinch',
    serviceId: 'acme-plan',
    apiToken: LEGACY_SECRETS[0],
    inboundNumber: '+1 (555) 020-0100',
    optInKeywords: '',
    optInMessage: '',
    optOutKeywords: '',
    optOutMessage: 'ACME: you are out. Reply {{START}} to come back.',
    helpKeywords: '',
    helpMessage: 'ACME help: acme.example',
  },
  {
    name: 'ACME Conversations',
    vendor: 'sinch-conversational',
    projectId: 'acme-project',
    appId: 'acme-app',
    region: 'eu',
    apiToken: LEGACY_SECRETS[1],
    inboundNumber: '+15550201',
    optInKeywords: 'JOIN ME, START',
    optInMessage: 'Welcome to ACME.',
    optOutKeywords: 'STOP, HALT',
    optOutMessage: 'Bye from ACME.',
    helpKeywords: 'HELP, AIDE',
    helpMessage: 'ACME help.',
    doubleOptInKeywords: 'CONFIRM',
    doubleOptInMessage: 'Reply YES to confirm.',
  },
  {
    name: 'ACME Infobip',
    vendor: 'infobip',
    apiBaseUrl: 'acme.api.infobip.com',
    apiKey: LEGACY_SECRETS[2],
    inboundNumber: '+15550202',
  },
  {
    name: 'ACME custom',
    vendor: 'custom',
    providerUrl: 'https://sms.example.com/send',
    appId: 'acme-custom-app',
    auth: LEGACY_SECRETS[3],
    inboundNumber: '12345',
    optOutKeywords: 'STOP,END',
  },
];

/** Each refused for one reason, at the JSON path given (relative to the entry). */
export const BAD_ENTRIES: Array<{ entry: unknown; path: string; message: RegExp }> = [
  {
    entry: { name: 'Old Vonage', vendor: 'vonage', inboundNumber: '+15550203' },
    path: '/vendor',
    message: /unknown vendor "vonage"/,
  },
  {
    entry: { name: 'Old Twilio', vendor: 'twilio', inboundNumber: '+15550204' },
    path: '/vendor',
    message: /not available for Twilio/,
  },
  {
    entry: {
      name: 'Two categories',
      vendor: 'sinch',
      serviceId: 'plan',
      apiToken: 'token-x',
      inboundNumber: '+15550205',
      helpKeywords: 'HELP, STOP',
    },
    path: '/helpKeywords',
    message: /"STOP" is also listed under opt-out .*\(Opt-Out Keywords is empty: the legacy defaults apply\)/,
  },
  {
    entry: {
      name: 'Bad number',
      vendor: 'sinch',
      serviceId: 'plan',
      apiToken: 'token-y',
      inboundNumber: '555-CALL-NOW',
    },
    path: '/inboundNumber',
    message: /is not a phone number/,
  },
  { entry: 7, path: '', message: /must be a JSON object/ },
  { entry: { name: ['not', 'text'], vendor: 'sinch', inboundNumber: '+15550207' }, path: '/name', message: /string/ },
];

/** Good entries first (indices 0-3), then the bad ones (4-9), then a second "ACME Sinch (US)" (10). */
export function legacyExport(): { apiCredentials: unknown[] } {
  return {
    apiCredentials: [
      ...GOOD_ENTRIES,
      ...BAD_ENTRIES.map((bad) => bad.entry),
      { ...GOOD_ENTRIES[0], serviceId: 'acme-plan-2', apiToken: 'sinch-token-second', inboundNumber: '+15550206' },
    ],
  };
}

/** What each good entry's old keywords must still classify as, by the webhook that reads them. */
export const OLD_BEHAVIOUR: Array<{ webhook: string; text: string; category: string }> = [
  // Empty fields: the legacy defaults, written out (START stays opt-in, NO stays opt-out, only HELP is help).
  { webhook: 'acme-sinch-us', text: 'START', category: 'opt-in' },
  { webhook: 'acme-sinch-us', text: 'SUBSCRIBE', category: 'opt-in' },
  { webhook: 'acme-sinch-us', text: 'NO', category: 'opt-out' },
  { webhook: 'acme-sinch-us', text: 'UNSUBSCRIBE', category: 'opt-out' },
  { webhook: 'acme-sinch-us', text: 'HELP', category: 'help' },
  { webhook: 'acme-sinch-us', text: 'INFO', category: 'default' },
  { webhook: 'acme-sinch-us', text: 'stpo', category: 'default' },
  // Custom keywords replace the defaults.
  { webhook: 'acme-conversations', text: 'JOIN ME', category: 'opt-in' },
  { webhook: 'acme-conversations', text: 'SUBSCRIBE', category: 'default' },
  { webhook: 'acme-conversations', text: 'HALT', category: 'opt-out' },
  { webhook: 'acme-conversations', text: 'QUIT', category: 'default' },
  { webhook: 'acme-conversations', text: 'CONFIRM', category: 'double-opt-in' },
  { webhook: 'acme-infobip-inbound', text: 'START', category: 'opt-in' },
  { webhook: 'acme-custom-inbound', text: 'END', category: 'opt-out' },
  { webhook: 'acme-custom-inbound', text: 'CANCEL', category: 'default' },
];
