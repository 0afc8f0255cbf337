// Replies a category gets when the rule file does not write one. Each fits one GSM-7 SMS segment.

export const DEFAULT_REPLIES = {
  optOut: 'You are unsubscribed and will receive no more messages. Reply SUBSCRIBE to subscribe again.',
  optIn: 'You are subscribed. Reply HELP for help, STOP to unsubscribe.',
  help: 'Reply STOP to unsubscribe, SUBSCRIBE to subscribe.',
  fuzzy: 'To stop receiving messages, reply STOP.',
} as const;

export const DEFAULT_DOUBLE_OPT_IN_EXPIRY_DAYS = 30;
