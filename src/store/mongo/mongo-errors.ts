// Which MongoDB failures mean "cannot store right now" (the caller answers 503), and the duplicate-key error
// that carries idempotency.
import {
  MongoClientClosedError,
  MongoError,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoServerError,
  MongoServerClosedError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
  MongoWriteConcernError,
} from 'mongodb';
import { StoreUnavailableError } from '../store-unavailable-error.ts';

// Host unreachable/not found, network timeout, shutdown, primary stepped down or not writable, write concern
// failed or timed out, socket errors, out of disk space.
const UNAVAILABLE_CODES = new Set([6, 7, 64, 89, 91, 189, 9001, 10107, 11600, 11602, 13435, 13436, 14031]);

/**
 * Socket errors the driver lets through unwrapped: a command written just as its connection closed fails with
 * the socket's own error (EPIPE seen in npm run faults), not a MongoNetworkError.
 */
const SOCKET_ERROR_CODES = new Set([
  'EPIPE',
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ERR_STREAM_DESTROYED',
  'ERR_STREAM_WRITE_AFTER_END',
]);

/**
 * The server cannot be reached at all. The "closed" errors are what operations still running on a replaced
 * client get (replaceable-client.ts); the store itself refuses work once closed before it reaches the driver.
 */
export function isUnreachable(error: unknown): boolean {
  return (
    error instanceof MongoNetworkError ||
    error instanceof MongoServerSelectionError ||
    error instanceof MongoTopologyClosedError ||
    error instanceof MongoClientClosedError ||
    error instanceof MongoServerClosedError ||
    // Not exported by the driver: known by its name.
    (error instanceof MongoError && error.name === 'MongoPoolClosedError') ||
    error instanceof MongoNotConnectedError ||
    (error instanceof Error && SOCKET_ERROR_CODES.has(String((error as { code?: unknown }).code)))
  );
}

export function isUnavailable(error: unknown): boolean {
  if (isUnreachable(error) || error instanceof MongoWriteConcernError) return true;
  if (!(error instanceof MongoError)) return false;
  return (
    error.hasErrorLabel('RetryableWriteError') || (typeof error.code === 'number' && UNAVAILABLE_CODES.has(error.code))
  );
}

export function isDuplicateKey(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === 11000;
}

/** Rethrows unavailability as StoreUnavailableError, anything else unchanged. */
export function mapMongoError(error: unknown): unknown {
  if (error instanceof StoreUnavailableError || !isUnavailable(error)) return error;
  const name = error instanceof Error ? error.name : 'unknown';
  return new StoreUnavailableError(`MongoDB store unavailable (${name})`, error);
}
