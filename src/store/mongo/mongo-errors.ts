// Which MongoDB failures mean "cannot store right now" (the caller answers 503), and the duplicate-key error
// that carries idempotency.
import {
  MongoError,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
  MongoWriteConcernError,
} from 'mongodb';
import { StoreUnavailableError } from '../store-unavailable-error.ts';

// Host unreachable/not found, network timeout, shutdown, primary stepped down or not writable, write concern
// failed or timed out, socket errors, out of disk space.
const UNAVAILABLE_CODES = new Set([6, 7, 64, 89, 91, 189, 9001, 10107, 11600, 11602, 13435, 13436, 14031]);

/** The server cannot be reached at all. */
export function isUnreachable(error: unknown): boolean {
  return (
    error instanceof MongoNetworkError ||
    error instanceof MongoServerSelectionError ||
    error instanceof MongoTopologyClosedError ||
    error instanceof MongoNotConnectedError
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
