// Thrown by any adapter when its backend cannot take a read or write right now: the caller answers 503.
import { AppError } from '../errors.ts';

export class StoreUnavailableError extends AppError {
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super('store_unavailable', message);
    this.name = 'StoreUnavailableError';
  }
}
