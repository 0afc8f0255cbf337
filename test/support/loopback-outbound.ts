// The outbound policy tests use for their fakes on 127.0.0.1: loopback allowed, as OPTLINE_OUTBOUND_ALLOW would.
import type { OutboundPolicy } from '../../src/send/outbound-policy.ts';

export const LOOPBACK_RANGES = ['127.0.0.0/8', '::1/128'];
export const LOOPBACK_OUTBOUND: OutboundPolicy = { allow: LOOPBACK_RANGES };
