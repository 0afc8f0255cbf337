// The providers' subscription handshakes, answered at a webhook's URL without storing an event (src/handshakes
// holds what each provider asks; this file answers over HTTP). Only webhooks read through a payload template
// answer them (WebhookRuntime.handshakes). Each is tried before the callback's handlers and passes the request on
// when it is not its handshake.
//   Event Grid validation (POST, aeg-event-type: SubscriptionValidation): answered before the webhook's
//     `verify`, which Event Grid's validation post cannot carry; it echoes a code and changes nothing.
//   CloudEvents validation (OPTIONS): likewise; it carries no body to sign and reveals nothing.
//   SNS (Un)SubscriptionConfirmation (POST, x-amz-sns-message-type): after `verify` (SNS sends HTTP basic auth
//     from the endpoint URL's user-info), then, when the rule file turns autoConfirm on, SNS's own signature.
import { Router, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import { AppError } from '../errors.ts';
import { cloudEventsValidationAnswer } from '../handshakes/cloudevents-validation.ts';
import { eventGridValidationCode, isEventGridValidation } from '../handshakes/event-grid-validation.ts';
import { hostOf } from '../handshakes/outbound-allow-list.ts';
import type { SnsConfirmer } from '../handshakes/sns-confirmation.ts';
import { isSnsSubscriptionType, readSnsSubscriptionMessage } from '../handshakes/sns-message.ts';
import { decodeUtf8, parseJsonBody } from '../json/parse-json-body.ts';
import type { Store, SubscriptionConfirmationRecord } from '../store/store.ts';
import type { WebhookRuntime } from '../webhooks/webhook-runtime.ts';
import { signedUrl } from './signed-url.ts';

export interface HandshakeDeps {
  store: Store;
  now: () => number;
  logger: Logger;
  confirmSns: SnsConfirmer;
  /** OPTLINE_PUBLIC_URL, for signatures over the request URL. */
  publicUrl: string;
}

type Headers = Record<string, string | string[] | undefined>;

const webhookOf = (locals: Record<string, unknown>) => locals.webhook as WebhookRuntime;
const rawBodyOf = (body: unknown): Buffer => (Buffer.isBuffer(body) ? body : Buffer.alloc(0));

/**
 * Runs `handlers` in turn (an Express router of their own) when the webhook answers handshakes and `is` recognises
 * this request as one; passes any other request on untouched, so a callback pays for one check.
 */
export function handshake(is: (headers: Headers) => boolean, ...handlers: RequestHandler[]): RequestHandler {
  const chain = Router().use(...handlers);
  return (req, res, next) => {
    if (webhookOf(res.locals).handshakes !== null && is(req.headers)) chain(req, res, next);
    else next();
  };
}

export const isSnsSubscriptionMessage = (headers: Headers) => isSnsSubscriptionType(headers['x-amz-sns-message-type']);
export { isEventGridValidation };

/** SNS posts its JSON as text/plain; JSON types are taken too. UTF-8 only. */
export const requireSnsContentType: RequestHandler = (req, _res, next) => {
  const [mediaType = '', ...parameters] = (req.headers['content-type'] ?? '').split(';').map((part) => part.trim());
  const charset = parameters.find((parameter) => /^charset=/i.test(parameter))?.slice(8);
  if (!/^(text\/plain|application\/(?:[\w.+-]+\+)?json)$/i.test(mediaType))
    next(new AppError('unsupported_media_type', `an SNS message is text/plain or JSON, not ${mediaType || 'untyped'}`));
  else if (charset && !/^"?utf-?8"?$/i.test(charset))
    next(new AppError('unsupported_media_type', `SNS messages must be UTF-8, not charset ${charset}`));
  else next();
};

export function answerEventGridValidation(deps: HandshakeDeps): RequestHandler {
  return (req, res) => {
    const webhook = webhookOf(res.locals);
    const found = eventGridValidationCode(parseJsonBody(rawBodyOf(req.body)));
    if ('problem' in found) throw new AppError('bad_request', `not an Event Grid validation event: ${found.problem}`);
    deps.logger.info({ webhookId: webhook.summary.id }, 'Event Grid subscription validated');
    res.status(200).json({ validationResponse: found.code });
  };
}

export function answerCloudEventsValidation(deps: HandshakeDeps): RequestHandler {
  return (req, res) => {
    const webhook = webhookOf(res.locals);
    // A native vendor's webhook takes no CloudEvents: it says which method it takes and grants nothing.
    if (webhook.handshakes === null) {
      res.set('allow', 'POST').status(204).end();
      return;
    }
    const answer = cloudEventsValidationAnswer(req.headers);
    if ('problem' in answer) throw new AppError('bad_request', answer.problem);
    deps.logger.info(
      { webhookId: webhook.summary.id, origin: answer.headers['webhook-allowed-origin'] },
      'CloudEvents delivery allowed',
    );
    res.set(answer.headers).status(200).end();
  };
}

export function answerSnsSubscription(deps: HandshakeDeps): RequestHandler {
  return async (req, res) => {
    const webhook = webhookOf(res.locals);
    const raw = rawBodyOf(req.body);
    const nowMs = deps.now();
    const url = signedUrl(deps.publicUrl, webhook, req.originalUrl);
    const verdict = webhook.authenticate({ rawBody: raw, headers: req.headers, nowMs, url });
    if (!verdict.ok) throw new AppError('unauthorized', `callback not authenticated: ${verdict.reason}`);
    const type = String(req.headers['x-amz-sns-message-type']);
    if (!isSnsSubscriptionType(type)) throw new AppError('bad_request', 'not an SNS subscription message');
    const message = readSnsSubscriptionMessage(parseJsonBody(decodeUtf8(raw)), type);
    if ('problem' in message) throw new AppError('bad_request', `not an SNS ${type}: ${message.problem}`);
    // The SubscribeURL's query holds the confirmation token: a log names its host and the topic only.
    const logged = {
      webhookId: webhook.summary.id,
      messageType: type,
      topicArn: message.TopicArn,
      subscribeHost: hostOf(message.SubscribeURL),
    };
    const record = (outcome: SubscriptionConfirmationRecord['outcome'], reason: string | null) =>
      deps.store.recordSubscriptionConfirmation({
        webhookId: webhook.summary.id,
        messageType: type,
        messageId: message.MessageId,
        topicArn: message.TopicArn,
        subscribeUrl: message.SubscribeURL,
        receivedAt: new Date(nowMs).toISOString(),
        outcome,
        reason,
      });

    if (type === 'UnsubscribeConfirmation' || !webhook.handshakes?.snsAutoConfirm) {
      const outcome = type === 'UnsubscribeConfirmation' ? 'ignored' : 'pending';
      await record(outcome, null);
      deps.logger.info(
        logged,
        outcome === 'pending'
          ? 'SNS subscription awaits confirmation by the admin (GET /api/webhooks/<id>/subscription-confirmations)'
          : 'SNS unsubscribe confirmation recorded',
      );
      res.status(200).json({ handshake: type, outcome });
      return;
    }
    const confirmation = await deps.confirmSns(message);
    if (confirmation.outcome === 'refused')
      throw new AppError('unauthorized', `SNS subscription not confirmed: ${confirmation.reason}`);
    if (confirmation.outcome === 'failed') {
      await record('failed', confirmation.reason);
      deps.logger.warn({ ...logged, reason: confirmation.reason }, 'SNS subscription could not be confirmed');
      throw new AppError('bad_gateway', `SNS subscription not confirmed: ${confirmation.reason}`);
    }
    await record('confirmed', null);
    deps.logger.info(logged, 'SNS subscription confirmed');
    res.status(200).json({ handshake: type, outcome: 'confirmed' });
  };
}
